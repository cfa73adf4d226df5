"""Tests of export/lava/spikeforge_lava.py without Lava (run by CTest with /usr/bin/python3).

  test_spikeforge_lava.py                      unit tests: the bit-accurate NumPy stepping against the
                                               Lava test vectors of docs/fixed-point.md, the JSON
                                               checks, and run_lava on tests/export/fake_lava.py (a
                                               stand-in for lava-nc: plumbing only, not Lava itself)
  test_spikeforge_lava.py --compare-simulate L S T   the same against `spikeforge simulate --net net.q.json
                                               --input S --out T` (spikeforge.trace/1)
  test_spikeforge_lava.py --compare-simulate-real-lava L S T   as --compare-simulate, but run_lava in
                                               real lava-nc (on PYTHONPATH; outside CI, no registry has it)
  test_spikeforge_lava.py --compare-simulate-lava L S T   plain Lava (simulate_lava_steps, biases from
                                               step 1) against `spikeforge simulate --timing lava`
  test_spikeforge_lava.py --compare L T        simulate_numpy(lava.json L) against a golden-model trace T
                                               (JSON: {"input": [[active indices] per step],
                                               "spikes": [layer][step][indices], "u"/"v": [layer][step][n],
                                               "output_v": [n]}); exits 1 on the first difference
"""

import json
import os
import sys
import unittest

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "export", "lava"))
import spikeforge_lava as sfl  # noqa: E402


def make_doc(layers, steps, n_in):
    """A lava.json document (as the C++ writer lays it out) for the given layer dicts."""
    procs = [{"name": "input", "type": "RingBuffer", "shape": [n_in]}]
    for i, L in enumerate(layers):
        w = np.asarray(L["weights"])
        conn = {"weight_exp": L.get("weight_exp", 0), "num_weight_bits": L.get("num_weight_bits", 8),
                "sign_mode": L.get("sign_mode", 1)}
        if L.get("sparse"):
            rows = [np.flatnonzero(r) for r in w]
            conn.update(name=f"sparse{i + 1}", type="Sparse", shape=list(w.shape),
                        csr={"indptr": np.cumsum([0] + [len(c) for c in rows]).tolist(),
                             "indices": [int(c) for cs in rows for c in cs],
                             "data": [int(w[r, c]) for r, cs in enumerate(rows) for c in cs]})
        else:
            conn.update(name=f"dense{i + 1}", type="Dense", weights=w.tolist())
        procs.append(conn)
        spiking = L.get("spiking", True)
        reset = L.get("reset", "zero")
        typ = "LIFNonSpiking" if not spiking else ("LIFResetSubtract" if reset == "subtract" else "LIF")
        procs.append({"name": f"lif{i + 1}", "type": typ, "shape": [w.shape[0]], "du": L["du"], "dv": L["dv"],
                      "vth": L["vth"], "bias_mant": list(L.get("bias_mant", [0] * w.shape[0])),
                      "bias_exp": L.get("bias_exp", 0), "reset": reset, "spiking": spiking})
    depth = len(layers)
    return {"format": sfl.FORMAT,
            "timing": {"steps": steps, "layers": depth, "run_steps": steps + depth, "input_padding": depth,
                       "layer_offset": list(range(1, depth + 1)), "bias_enable_step": list(range(1, depth + 1))},
            "processes": procs, "connections": []}


def one_neuron(du, dv, vth=(1 << 17) - 1, bias_mant=0, bias_exp=0):
    return {"weights": [[1]], "du": du, "dv": dv, "vth": vth, "bias_mant": [bias_mant], "bias_exp": bias_exp}


class LifVectors(unittest.TestCase):
    """docs/fixed-point.md test vectors (produced by Lava's bit-accurate models)."""

    def run_single(self, du, dv, a_first, steps, **kw):
        L = one_neuron(du, dv, **kw)
        spec = sfl.parse_spec(make_doc([L], steps, 1))
        u = np.zeros(1, np.int64)
        v = np.zeros(1, np.int64)
        us, vs, ss = [], [], []
        bias = sfl.effective_bias(np.asarray(L["bias_mant"]), L["bias_exp"])
        for t in range(steps):
            a = np.array([a_first if t == 0 else 0])
            u, v, s = sfl.lif_step(u, v, a, du, dv, bias, spec["layers"][0]["vth"])
            us.append(int(u[0]))
            vs.append(int(v[0]))
            ss.append(bool(s[0]))
        return us, vs, ss

    def test_current_decay(self):
        us, _, _ = self.run_single(2047, 0, 128, 8)
        self.assertEqual(us, [8192, 4096, 2048, 1024, 512, 256, 128, 64])

    def test_voltage_decay_and_symmetry(self):
        _, vs, _ = self.run_single(0, 2048, 128, 8)
        self.assertEqual(vs, [8192, 12286, 14331, 15351, 15859, 16111, 16235, 16295])
        _, vneg, _ = self.run_single(0, 2048, -128, 8)
        self.assertEqual(vneg, [-x for x in vs])

    def test_bias_spikes_and_reset(self):
        _, vs, ss = self.run_single(0, 0, 0, 10, vth=8, bias_mant=2, bias_exp=6)
        self.assertEqual(vs[:6], [128, 256, 384, 512, 0, 128])
        self.assertEqual([t + 1 for t, s in enumerate(ss) if s], [5, 10])

    def test_large_bias(self):
        _, vs, _ = self.run_single(0, 0, 0, 1, bias_mant=4095, bias_exp=5)
        self.assertEqual(vs[0], 131040)

    def test_current_wrap(self):
        # u' = 2^23 exactly stays +2^23; 2^23 + 64 wraps to -2^23 + 64; -2^23 becomes +2^23.
        u, _, _ = sfl.lif_step(np.array([0]), np.array([0]), np.array([1 << 17]), 4095, 0, 0, 0)
        self.assertEqual(int(u[0]), 1 << 23)
        u, _, _ = sfl.lif_step(np.array([0]), np.array([0]), np.array([(1 << 17) + 1]), 4095, 0, 0, 0)
        self.assertEqual(int(u[0]), -(1 << 23) + 64)
        u, _, _ = sfl.lif_step(np.array([0]), np.array([0]), np.array([-(1 << 17)]), 4095, 0, 0, 0)
        self.assertEqual(int(u[0]), 1 << 23)

    def test_voltage_saturates(self):
        _, v, _ = sfl.lif_step(np.array([0]), np.array([sfl.V_MAX]), np.array([100]), 4095, 0, 0, (1 << 17) - 1,
                               spiking=False)
        self.assertEqual(int(v[0]), sfl.V_MAX)

    def test_subtract_reset(self):
        # vth = 1 (64): v = 100 spikes at step 1; step 2: 100 + 100 - 64 = 136 (undecayed subtraction).
        u, v, s = sfl.lif_step(np.array([0]), np.array([0]), np.array([0]), 4095, 0, np.array([100]), 1,
                               reset="subtract", spiked_prev=np.array([False]))
        self.assertTrue(bool(s[0]))
        self.assertEqual(int(v[0]), 100)
        _, v2, _ = sfl.lif_step(u, v, np.array([0]), 4095, 0, np.array([100]), 1, reset="subtract",
                                spiked_prev=s)
        self.assertEqual(int(v2[0]), 136)


class DenseVectors(unittest.TestCase):
    def test_mixed(self):
        w = sfl.dense_effective_weights(np.array([[3, -3, 255, -256]]), 8, sfl.SIGN_MIXED)
        self.assertEqual(w.tolist(), [[2, -4, 254, -256]])
        self.assertEqual(int(sfl.dense_output(w, np.ones(4), 0)[0]), -4)

    def test_excitatory(self):
        w = sfl.dense_effective_weights(np.array([[3, 5, 255]]), 8, sfl.SIGN_EXCITATORY)
        self.assertEqual(int(sfl.dense_output(w, np.ones(3), -1)[0]), 131)

    def test_inhibitory(self):
        w = sfl.dense_effective_weights(np.array([[-3, -5, 0]]), 6, sfl.SIGN_INHIBITORY)
        self.assertEqual(w.tolist(), [[0, -4, 0]])
        self.assertEqual(int(sfl.dense_output(w, np.ones(3), -1)[0]), -2)


class NetworkVector(unittest.TestCase):
    """Source -> Dense -> LIF, 12 Lava steps (docs/fixed-point.md), bias on from step 1."""

    LAYER = {"weights": [[3, -3, 255], [100, 50, 25]], "du": 1023, "dv": 511, "vth": 200,
             "bias_mant": [3, 3], "bias_exp": 2}

    def test_twelve_steps(self):
        spec = sfl.parse_spec(make_doc([self.LAYER], 12, 3))
        inp = np.zeros((12, 3), np.int64)
        inp[0, :] = 1
        inp[3, 0] = 1
        inp[5, 1] = 1
        rec = sfl.simulate_lava_steps(spec, inp, 12)
        self.assertEqual(rec["u"][0][:, 0].tolist(), [0, 16128, 12096, 9072, 6932, 5199, 3643, 2732, 2049, 1536, 1152, 864])
        self.assertEqual(rec["u"][0][:, 1].tolist(), [0, 11136, 8352, 6264, 11098, 8323, 9442, 7081, 5310, 3982, 2986, 2239])
        self.assertEqual(rec["v"][0][:, 0].tolist(), [12, 0, 12108, 0, 6944, 11288, 0, 2744, 4462, 5453, 5936, 6071])
        self.assertEqual(rec["v"][0][:, 1].tolist(), [12, 11158, 0, 6276, 0, 8335, 0, 7093, 11530, 0, 2998, 4874])
        self.assertEqual(rec["s"][0][:, 0].tolist(), [0, 1, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0])
        self.assertEqual(rec["s"][0][:, 1].tolist(), [0, 0, 1, 0, 1, 0, 1, 0, 0, 1, 0, 0])

    def test_aligned_run_drops_the_delay(self):
        # simulate_numpy: bias off during the one leading step, input at golden step t reaches the
        # LIF at golden step t (no delay). Golden step 1 = Lava step 2 with zero state: u = (2 + -4 + 254) << 6.
        spec = sfl.parse_spec(make_doc([self.LAYER], 3, 3))
        inp = np.zeros((3, 3), np.int64)
        inp[0, :] = 1
        out = sfl.simulate_numpy(spec, inp)
        self.assertEqual(out["u"][0][0].tolist(), [(2 - 4 + 254) * 64, (100 + 50 + 24) * 64])
        self.assertEqual(out["v"][0][0].tolist(), [0, 11136 + 12])  # neuron 0 spiked and reset to zero
        self.assertEqual(out["spikes"][0][0].tolist(), [True, False])


class SpecChecks(unittest.TestCase):
    def test_rejects_bad_format(self):
        doc = make_doc([one_neuron(0, 0)], 2, 1)
        doc["format"] = "spikeforge.lava/9"
        with self.assertRaisesRegex(sfl.SpecError, "format"):
            sfl.parse_spec(doc, "x.json")

    def test_rejects_out_of_range(self):
        doc = make_doc([one_neuron(0, 0)], 2, 1)
        doc["processes"][2]["du"] = 5000
        with self.assertRaisesRegex(sfl.SpecError, "du = 5000"):
            sfl.parse_spec(doc, "x.json")

    def test_rejects_shape_mismatch(self):
        doc = make_doc([one_neuron(0, 0)], 2, 1)
        doc["processes"][0]["shape"] = [2]
        with self.assertRaisesRegex(sfl.SpecError, "does not take 2 inputs"):
            sfl.parse_spec(doc, "x.json")

    def test_sparse_equals_dense(self):
        w = [[0, 4, 0], [-6, 0, 2]]
        dense = sfl.parse_spec(make_doc([dict(one_neuron(0, 0), weights=w, bias_mant=[0, 0])], 2, 3))
        sparse = sfl.parse_spec(make_doc([dict(one_neuron(0, 0), weights=w, bias_mant=[0, 0], sparse=True)], 2, 3))
        self.assertEqual(sparse["layers"][0]["connection"], "Sparse")
        self.assertTrue(np.array_equal(sparse["layers"][0]["weights"], dense["layers"][0]["weights"]))

    def test_rejects_bad_csr(self):
        good = make_doc([dict(one_neuron(0, 0), weights=[[0, 4, 0], [-6, 0, 2]], bias_mant=[0, 0], sparse=True)], 2, 3)
        cases = (("indptr", [0, 1, 4], "indptr must rise"), ("indptr", [0, 1], "indptr has 2 entries"),
                 ("indices", [1, 2, 0], "do not ascend"), ("indices", [1, 0, 3], "outside"),
                 ("data", [4, -6, 300], "outside \\[-256, 255\\]"))
        for key, value, message in cases:
            doc = json.loads(json.dumps(good))
            doc["processes"][1]["csr"][key] = value
            with self.assertRaisesRegex(sfl.SpecError, message, msg=f"{key} = {value}"):
                sfl.parse_spec(doc, "x.json")

    def test_rejects_bad_input_raster(self):
        spec = sfl.parse_spec(make_doc([one_neuron(0, 0)], 2, 1))
        with self.assertRaises(ValueError):
            sfl.simulate_numpy(spec, np.zeros((3, 1)))

    def test_lava_is_imported_lazily(self):
        self.assertNotIn("lava", sys.modules)


def trace_from_simulate(spikes_path, trace_path):
    """Converts `spikeforge simulate` output (spikes.json + trace.json, "spikeforge.trace/1") to the
    layout compare() reads."""
    with open(spikes_path, "r", encoding="utf-8") as f:
        spikes = json.load(f)
    with open(trace_path, "r", encoding="utf-8") as f:
        tr = json.load(f)
    if tr.get("format") != "spikeforge.trace/1" or tr.get("model") != "fixed":
        raise SystemExit(f"{trace_path}: not a fixed-model spikeforge.trace/1")
    T = spikes["steps"]
    inp = [[] for _ in range(T)]
    for t, i in spikes["events"]:
        inp[t].append(i)
    out = {"input": [sorted(x) for x in inp], "spikes": [], "u": [], "v": [], "output_v": tr["output"]}
    for L in tr["layers"]:
        per = [[] for _ in range(T)]
        for t, n in L["spikes"]:
            per[t].append(n)
        out["spikes"].append(per)
        out["u"].append(L["u"])
        out["v"].append(L["v"])
    return out


class FakeLavaRun(unittest.TestCase):
    """run_lava / build_lava and the custom ProcessModels on tests/export/fake_lava.py (not Lava: it
    checks the loader's plumbing, bias switching and alignment; see that file)."""

    def network(self, reset, seed, sparse=()):
        rng = np.random.default_rng(seed)
        sizes = [5, 6, 4, 3]
        layers = []
        for l in range(3):
            w = sfl.dense_effective_weights(rng.integers(-256, 256, (sizes[l + 1], sizes[l])), 8, sfl.SIGN_MIXED)
            if l in sparse:
                w = w * (rng.random(w.shape) < 0.5)  # half the synapses pruned
            layers.append({"weights": w, "du": 4095 if l == 0 else 3000, "dv": 300, "vth": 60,
                           "bias_mant": rng.integers(-20, 40, sizes[l + 1]).tolist(), "bias_exp": 3,
                           "reset": reset, "spiking": l < 2, "weight_exp": l - 1, "sparse": l in sparse})
        return sfl.parse_spec(make_doc(layers, 10, 5)), (rng.random((10, 5)) < 0.4).astype(int)

    def test_sparse_connections_run_as_lava_sparse(self):
        # Needs SciPy (Lava's Sparse takes a scipy matrix; scripts/setup.sh installs python3-scipy).
        sys.path.insert(0, HERE)
        import fake_lava
        fake_lava.install()
        try:
            spec, spikes = self.network("zero", 3, sparse=(0, 2))
            self.assertEqual([L["connection"] for L in spec["layers"]], ["Sparse", "Dense", "Sparse"])
            got = sfl.run_lava(spec, spikes)
            want = sfl.simulate_numpy(spec, spikes)
            for l in range(3):
                for key in ("spikes", "u", "v"):
                    self.assertTrue(np.array_equal(got[key][l], want[key][l]), f"layer {l} {key}")
            kinds = [kind for kind, _ in fake_lava.CALLS if kind in ("Dense", "Sparse")]
            self.assertEqual(kinds, ["Sparse", "Dense", "Sparse"])
            sparse0 = [kw for kind, kw in fake_lava.CALLS if kind == "Sparse"][0]
            self.assertEqual(sparse0["nnz"], int(np.count_nonzero(spec["layers"][0]["weights"])))
            self.assertGreater(int(np.sum(want["spikes"][0])), 0)
        finally:
            fake_lava.uninstall()

    def test_run_lava_matches_simulate_numpy(self):
        sys.path.insert(0, HERE)
        import fake_lava
        for reset, seed in (("zero", 1), ("subtract", 2)):
            fake_lava.install()
            try:
                spec, spikes = self.network(reset, seed)
                got = sfl.run_lava(spec, spikes)
                want = sfl.simulate_numpy(spec, spikes)
                for l in range(3):
                    for key in ("spikes", "u", "v"):
                        self.assertTrue(np.array_equal(got[key][l], want[key][l]), f"{reset}: layer {l} {key}")
                self.assertTrue(np.array_equal(got["output_v"], want["output_v"]))
                self.assertGreater(int(np.sum(want["spikes"][0])), 0)
                self.assertTrue(fake_lava.RUNTIME.stopped)
                self.assertEqual(fake_lava.RUNTIME.step, 13)  # T + L Lava steps
                calls = fake_lava.CALLS
                self.assertEqual(calls[0], ("RingBuffer", {"shape": (5, 13)}))
                dense = [kw for kind, kw in calls if kind == "Dense"]
                self.assertEqual([d["weight_exp"] for d in dense], [-1, 0, 1])
                self.assertEqual(int(dense[0]["sign_mode"]), sfl.SIGN_MIXED)
                self.assertEqual(dense[0]["num_weight_bits"], 8)
                lifs = [kw for kind, kw in calls if kind == "LIF"]
                self.assertEqual(len(lifs), 2 if reset == "zero" else 0)  # subtract/non-spiking: custom
            finally:
                fake_lava.uninstall()


def compare(lava_path, trace_path, trace=None, runner=None):
    """simulate_numpy (or `runner`, e.g. sfl.run_lava under real Lava) against a golden trace."""
    runner = runner or sfl.simulate_numpy
    spec = sfl.load_spec(lava_path)
    if trace is None:
        with open(trace_path, "r", encoding="utf-8") as f:
            trace = json.load(f)
    T, n_in = spec["steps"], spec["inputs"]
    raster = np.zeros((T, n_in), np.int64)
    for t, active in enumerate(trace["input"]):
        raster[t, active] = 1
    out = runner(spec, raster)
    checked = 0
    for l in range(len(spec["layers"])):
        n = spec["layers"][l]["weights"].shape[0]
        for t in range(T):
            want_s = np.zeros(n, bool)
            want_s[trace["spikes"][l][t]] = True
            pairs = (("spikes", want_s, out["spikes"][l][t]),
                     ("u", np.asarray(trace["u"][l][t]), out["u"][l][t]),
                     ("v", np.asarray(trace["v"][l][t]), out["v"][l][t]))
            for name, want, got in pairs:
                if not np.array_equal(want, got):
                    print(f"MISMATCH layer {l} step {t + 1} {name}: golden {want.tolist()} {runner.__name__} {got.tolist()}")
                    return 1
                checked += 1
    if not np.array_equal(np.asarray(trace["output_v"]), out["output_v"]):
        print(f"MISMATCH output_v: golden {trace['output_v']} {runner.__name__} {out['output_v'].tolist()}")
        return 1
    n_spikes = [int(np.sum(out["spikes"][l])) for l in range(len(spec["layers"]) - 1)]
    if any(n == 0 for n in n_spikes):
        print(f"TRIVIAL: a hidden layer never spikes ({n_spikes}); the comparison would prove little")
        return 1
    print(f"OK: {checked} (layer, step, quantity) records equal over {T} steps; hidden spikes {n_spikes}")
    return 0


def compare_plain_lava(lava_path, spikes_path, trace_path):
    """The golden model's lava timing (`spikeforge simulate --timing lava`, T + L steps) against
    simulate_lava_steps in plain Lava order: input then L empty steps, every bias on from step 1."""
    spec = sfl.load_spec(lava_path)
    with open(spikes_path, "r", encoding="utf-8") as f:
        spikes = json.load(f)
    with open(trace_path, "r", encoding="utf-8") as f:
        tr = json.load(f)
    depth = len(spec["layers"])
    T, n_in = spec["steps"], spec["inputs"]
    if tr.get("timing") != "lava" or tr.get("steps") != T + depth:
        print(f"{trace_path}: not a lava-timing trace of {T} + {depth} steps (timing {tr.get('timing')}, steps {tr.get('steps')})")
        return 1
    raster = np.zeros((T + depth, n_in), np.int64)
    for t, i in spikes["events"]:
        raster[t, i] = 1
    rec = sfl.simulate_lava_steps(spec, raster, T + depth)  # no bias_enable_step: Lava's default
    checked = 0
    for l, L in enumerate(tr["layers"]):
        s = np.zeros((T + depth, L["outputs"]), bool)
        for t, n in L["spikes"]:
            s[t, n] = True
        for name, want, got in (("s", s, rec["s"][l].astype(bool)), ("u", np.asarray(L["u"]), rec["u"][l]),
                                ("v", np.asarray(L["v"]), rec["v"][l])):
            if not np.array_equal(want, got):
                step = int(np.argwhere(np.any(want != got, axis=1))[0][0]) + 1
                print(f"MISMATCH layer {l} Lava step {step} {name}: golden {want[step - 1].tolist()} "
                      f"plain Lava {got[step - 1].tolist()}")
                return 1
            checked += want.shape[0]
    if not np.array_equal(np.asarray(tr["output"]), rec["v"][-1][-1]):
        print(f"MISMATCH output: golden {tr['output']} plain Lava {rec['v'][-1][-1].tolist()}")
        return 1
    n_spikes = [int(np.sum(rec["s"][l])) for l in range(depth - 1)]
    if any(n == 0 for n in n_spikes):
        print(f"TRIVIAL: a hidden layer never spikes ({n_spikes}); the comparison would prove little")
        return 1
    print(f"OK: {checked} (layer, step, quantity) records equal over {T + depth} plain Lava steps; hidden spikes {n_spikes}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "--compare-simulate-lava":
        # --compare-simulate-lava lava.json spikes.json trace.json (`spikeforge simulate --timing lava`)
        sys.exit(compare_plain_lava(sys.argv[2], sys.argv[3], sys.argv[4]))
    if len(sys.argv) == 4 and sys.argv[1] == "--compare":
        sys.exit(compare(sys.argv[2], sys.argv[3]))
    if len(sys.argv) == 5 and sys.argv[1] == "--compare-simulate-real-lava":
        sys.exit(compare(sys.argv[2], sys.argv[4], trace_from_simulate(sys.argv[3], sys.argv[4]), sfl.run_lava))
    if len(sys.argv) == 5 and sys.argv[1] == "--compare-simulate":
        # --compare-simulate lava.json spikes.json trace.json (from `spikeforge simulate`)
        sys.exit(compare(sys.argv[2], sys.argv[4], trace_from_simulate(sys.argv[3], sys.argv[4])))
    unittest.main()
