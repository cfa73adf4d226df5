"""Independent structural check of a lava-dl netx file written by `spikeforge export --format netx`.

Reads the .net with h5py only (not spikeforge's reader) and compares every dataset's name, dtype,
shape and value with what the netx mapping of docs/formats.md derives from the net.q.json it came
from. Also replays the parts of lava-dl's netx loader that read these datasets (NetDict: 'type' as
ASCII bytes, neuron parameters as scalars; du = iDecay - 1).

  /usr/bin/python3 check_netx.py FILE.net NET.q.json
  /usr/bin/python3 check_netx.py FILE.net NET.q.json --run SPIKES.json OUTPUTS.json

With --run it also runs the file as netx would: each layer's weights through netx's weight loader
(netx_weights below: our reading of lava-dl's optimize_weight_bits, then Lava's Dense sign-mode
inference, clip and truncation), a CUBA LIF (du = iDecay - 1, bias_exp = 6, reset to zero, spiking
output included) in plain Lava order (export/lava/spikeforge_lava.py's bit-accurate NumPy twin: each
Dense one step late, biases from step 1, the input then L empty steps). SPIKES.json and OUTPUTS.json
are `spikeforge eval --net NET.q.json --timing lava --save-inputs/--save-outputs`: every sample's
output potential and prediction must be equal, and the output layer must never fire.

  /usr/bin/python3 check_netx.py FILE.net NET.q.json --run-real-netx SPIKES.json OUTPUTS.json

runs the same comparison with lava-dl's own loader (lava.lib.dl.netx.hdf5.Network) in real Lava
(Loihi2SimCfg fixed_pt; a RingBuffer into net.inp, a Monitor on the output layer's v). Needs lava-nc,
lava-dl and PyTorch on PYTHONPATH; outside CI (no package registry has Lava; docs/formats.md says how
it was run).
"""
import json
import os
import sys

import h5py
import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "export", "lava"))
import spikeforge_lava as sfl  # noqa: E402


def fail(msg):
    print(f"check_netx: FAIL: {msg}")
    sys.exit(1)


def scalar_int(ds, where):
    if ds.shape != ():
        fail(f"{where}: shape {ds.shape}, expected scalar")
    if ds.dtype.kind not in "iu":
        fail(f"{where}: dtype {ds.dtype}, expected an integer")
    return int(ds[()])


def ascii_str(ds, where):
    if ds.dtype.kind != "S":
        fail(f"{where}: dtype {ds.dtype}, expected fixed-length bytes (netx decodes ASCII)")
    v = ds[()] if ds.shape == () else ds[0]
    return v.decode("ascii")


def main(path, qpath):
    with open(qpath, "r", encoding="utf-8") as f:
        net = json.load(f)
    layers = net["layers"]
    with h5py.File(path, "r") as f:
        if list(f.keys()) != ["layer"]:
            fail(f"root members {list(f.keys())}, expected ['layer']")
        if len(f.attrs) != 0:
            fail("root has attributes; netx files use datasets only")
        g = f["layer"]
        if sorted(g.keys(), key=int) != [str(i) for i in range(len(layers))]:
            fail(f"/layer members {list(g.keys())}, expected 0..{len(layers) - 1}")
        for i, L in enumerate(layers):
            x = g[str(i)]
            at = f"/layer/{i}"
            if ascii_str(x["type"], at + "/type") != "dense":
                fail(f"{at}/type is not 'dense'")
            shape = x["shape"]
            if shape.dtype != np.int64 or shape.shape != (1,) or int(shape[0]) != L["outputs"]:
                fail(f"{at}/shape = {shape[()]} ({shape.dtype}), expected int64 [{L['outputs']}]")
            if scalar_int(x["inFeatures"], at + "/inFeatures") != L["inputs"]:
                fail(f"{at}/inFeatures != {L['inputs']}")
            if scalar_int(x["outFeatures"], at + "/outFeatures") != L["outputs"]:
                fail(f"{at}/outFeatures != {L['outputs']}")
            w = x["weight"]
            if w.dtype != np.float32 or w.shape != (L["outputs"], L["inputs"]):
                fail(f"{at}/weight: {w.dtype} {w.shape}, expected float32 ({L['outputs']}, {L['inputs']})")
            w = w[()]
            want_w = np.asarray(L["weights"], dtype=np.float64) * 2.0 ** L["weight_exp"]
            if not np.array_equal(w.astype(np.float64), want_w):
                fail(f"{at}/weight differs from weights * 2^weight_exp")
            if not np.all(w == np.round(w)) or w.min() < -256 or w.max() > 255:
                fail(f"{at}/weight is not integer-valued in [-256, 255]")
            b = x["bias"]
            if b.dtype != np.float32 or b.shape != (L["outputs"],):
                fail(f"{at}/bias: {b.dtype} {b.shape}, expected float32 ({L['outputs']},)")
            want_b = np.asarray(L["bias_mant"], dtype=np.float64) * 2.0 ** (L["bias_exp"] - 6)
            if not np.array_equal(b[()].astype(np.float64), want_b):
                fail(f"{at}/bias = {b[()]} differs from bias_mant * 2^(bias_exp - 6) = {want_b}")
            n = x["neuron"]
            if ascii_str(n["type"], at + "/neuron/type") != "CUBA":
                fail(f"{at}/neuron/type is not 'CUBA'")
            du = scalar_int(n["iDecay"], at + "/neuron/iDecay") - 1  # netx: du = iDecay - 1
            if du != L["du"]:
                fail(f"{at}/neuron/iDecay - 1 = {du}, expected du = {L['du']}")
            if scalar_int(n["vDecay"], at + "/neuron/vDecay") != L["dv"]:
                fail(f"{at}/neuron/vDecay != dv = {L['dv']}")
            want_vth = L["vth"] if L["spiking"] else (1 << 17) - 1
            if scalar_int(n["vThMant"], at + "/neuron/vThMant") != want_vth:
                fail(f"{at}/neuron/vThMant != {want_vth}")
            if scalar_int(n["refDelay"], at + "/neuron/refDelay") != 1:
                fail(f"{at}/neuron/refDelay != 1")
            gs = n["gradedSpike"]
            if gs.shape != () or gs.dtype != np.bool_ or bool(gs[()]):
                fail(f"{at}/neuron/gradedSpike: {gs.dtype} {gs[()]}, expected numpy bool False")
    print(f"check_netx: OK: {len(layers)} layers in {path}")


def netx_weights(stored):
    """(weights as Lava's Dense holds them, weight_exp, num_weight_bits, sign mode) for the integer
    weights netx reads from /layer/<i>/weight."""
    w = np.asarray(stored, dtype=np.int64)
    if w.max() == 0 and w.min() == 0:
        fail("an all-zero weight matrix: netx's loader divides by the largest weight")
    # netx: sign mode from the stored matrix; a mixed one is clipped to [-256, 254].
    if w.max() < 0:
        signed, scale = 0, 256.0 / -w.min()
    elif w.min() >= 0:
        signed, scale = 0, 255.0 / w.max()
    else:
        signed = 1
        w = np.clip(w, -256, 254)
        pos = 127.0 / w.max() if w.max() > 0 else np.inf
        neg = 128.0 / -w.min() if w.min() < 0 else np.inf
        scale = min(pos, neg)
    shift = int(np.floor(np.log2(scale))) + signed
    n = 8
    while n > 0 and np.any(w % (1 << n) != 0):
        n -= 1
    bits = 8 - shift - (n - signed)
    shifted = w << shift
    # Lava's Dense: its own sign mode from the shifted matrix, then clip and truncate.
    mode = sfl.SIGN_EXCITATORY if shifted.min() >= 0 else sfl.SIGN_INHIBITORY if shifted.max() <= 0 else sfl.SIGN_MIXED
    return sfl.dense_effective_weights(shifted, bits, mode), -shift, bits, mode


def run(path, spikes_path, outputs_path):
    with open(spikes_path, "r", encoding="utf-8") as f:
        data = json.load(f)
    with open(outputs_path, "r", encoding="utf-8") as f:
        want = json.load(f)["samples"]
    layers = []
    with h5py.File(path, "r") as f:
        for i in range(len(f["layer"])):
            x = f["layer"][str(i)]
            eff, exp, _, _ = netx_weights(x["weight"][()].astype(int))  # netx reads .astype(int)
            n = x["neuron"]
            layers.append({"weights": np.asarray(eff, np.int64), "weight_exp": exp, "du": int(n["iDecay"][()]) - 1,
                           "dv": int(n["vDecay"][()]), "vth": int(n["vThMant"][()]),
                           "bias_mant": x["bias"][()].astype(int), "bias_exp": 6})
    T, depth = data["steps"], len(layers)
    if len(data["samples"]) != len(want):
        fail(f"{spikes_path} has {len(data['samples'])} samples, {outputs_path} {len(want)}")
    for k, (sample, w) in enumerate(zip(data["samples"], want)):
        raster = np.zeros((T + depth, data["inputs"]), np.int64)
        for t, i in sample["events"]:
            raster[t, i] = 1
        rec = run_plain_lava(layers, raster)
        out_v = rec["v"][-1][-1]
        if not np.array_equal(out_v, np.asarray(w["output"])):
            fail(f"sample {k}: netx output v {out_v.tolist()} != golden (lava timing) {w['output']}")
        if int(np.argmax(out_v)) != w["prediction"]:
            fail(f"sample {k}: netx predicts {int(np.argmax(out_v))}, golden {w['prediction']}")
        if np.any(rec["s"][-1]):
            fail(f"sample {k}: netx's output neuron fired (v above vThMant << 6): it would reset")
    print(f"check_netx: OK: {len(want)} samples run as netx equal `eval --timing lava` (output v and prediction)")


def run_real_netx(path, spikes_path, outputs_path):
    from lava.lib.dl import netx
    from lava.magma.core.run_conditions import RunSteps
    from lava.magma.core.run_configs import Loihi2SimCfg
    from lava.proc.io.source import RingBuffer
    from lava.proc.monitor.process import Monitor

    with open(spikes_path, "r", encoding="utf-8") as f:
        data = json.load(f)
    with open(outputs_path, "r", encoding="utf-8") as f:
        want = json.load(f)["samples"]
    for k, (sample, w) in enumerate(zip(data["samples"], want)):
        net = netx.hdf5.Network(net_config=path)
        steps = data["steps"] + len(net.layers)
        raster = np.zeros((steps, data["inputs"]), np.int32)
        for t, i in sample["events"]:
            raster[t, i] = 1
        source = RingBuffer(data=raster.T.copy())
        source.s_out.connect(net.inp)
        monitor = Monitor()
        monitor.probe(net.layers[-1].neuron.v, steps)
        try:
            net.run(condition=RunSteps(num_steps=steps), run_cfg=Loihi2SimCfg(select_tag="fixed_pt"))
            v = np.asarray(monitor.get_data()[net.layers[-1].neuron.name]["v"])
        finally:
            net.stop()
        out_v = v.reshape(steps, -1)[-1].astype(np.int64)
        if not np.array_equal(out_v, np.asarray(w["output"])):
            fail(f"sample {k}: lava-dl netx output v {out_v.tolist()} != golden (lava timing) {w['output']}")
    print(f"check_netx: OK: {len(want)} samples run by lava-dl netx in Lava equal `eval --timing lava` (output v)")


def run_plain_lava(layers, raster):
    """Plain Lava order (as sfl.simulate_lava_steps, which would re-truncate the weights as 8-bit MIXED)
    with the Dense weights netx_weights made and CUBA LIFs that reset to zero and may fire."""
    n = [L["weights"].shape[0] for L in layers]
    u = [np.zeros(k, np.int64) for k in n]
    v = [np.zeros(k, np.int64) for k in n]
    a_buff = [np.zeros(k, np.int64) for k in n]
    bias = [sfl.effective_bias(L["bias_mant"], L["bias_exp"]) for L in layers]
    rec = {"v": [np.zeros((len(raster), k), np.int64) for k in n], "s": [np.zeros((len(raster), k), bool) for k in n]}
    for step in range(len(raster)):
        below = raster[step]
        for i, L in enumerate(layers):
            a_in = a_buff[i]
            a_buff[i] = sfl.dense_output(L["weights"], below, L["weight_exp"])
            u[i], v[i], s = sfl.lif_step(u[i], v[i], a_in, L["du"], L["dv"], bias[i], L["vth"])
            rec["v"][i][step] = v[i]
            rec["s"][i][step] = s
            below = s.astype(np.int64)
    return rec


if __name__ == "__main__":
    if len(sys.argv) == 6 and sys.argv[3] == "--run":
        main(sys.argv[1], sys.argv[2])
        run(sys.argv[1], sys.argv[4], sys.argv[5])
        sys.exit(0)
    if len(sys.argv) == 6 and sys.argv[3] == "--run-real-netx":
        main(sys.argv[1], sys.argv[2])
        run_real_netx(sys.argv[1], sys.argv[4], sys.argv[5])
        sys.exit(0)
    if len(sys.argv) != 3:
        print(__doc__)
        sys.exit(2)
    main(sys.argv[1], sys.argv[2])
