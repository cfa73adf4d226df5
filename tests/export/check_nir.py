"""Independent structural check of a NIR file written by `spikeforge export --format nir`.

Reads the file with h5py only and checks what NIR's own reader (nir/serialization.py) relies on:
/version string, /node/type == b"NIRGraph", /node/edges an (n, 2) array of strings chaining
input -> 0 -> 1 -> ... -> output, every node's type and fields with their dtypes and shapes; then
compares the values with the float network they must describe (net.q.json dequantized through each
layer's scale, or net.json), using the Euler time mapping (delta = 1 - dt/tau, r = tau/dt), the
reset each spiking node states in its metadata, and an output written as an LIF that cannot fire
(--nir-readout lif). With --imported NET.json it also checks that `spikeforge import` read the same
network back, resets included.

  /usr/bin/python3 check_nir.py FILE.nir NET.json|NET.q.json [--imported IMPORTED.json]
"""
import json
import math
import sys

import h5py
import numpy as np

# float32 storage of weights (scale·2^e products) and of tau: relative 2^-24 each, a few roundings.
REL_TOL = 1e-6


def fail(msg):
    print(f"check_nir: FAIL: {msg}")
    sys.exit(1)


def as_text(v):
    return v.decode("utf-8") if isinstance(v, bytes) else str(v)


def float_layers(doc):
    """(W, b, leak, theta, spiking, reset) per layer in float units."""
    out = []
    for L in doc["layers"]:
        if doc["format"] == "spikeforge.fixed/1":
            s = L["scale"]
            W = np.asarray(L["weights"], float) * s * 2.0 ** L["weight_exp"]
            b = np.asarray(L["bias_mant"], float) * s * 2.0 ** (L["bias_exp"] - 6)
            leak = 1.0 - L["dv"] / 4096.0
            theta = L["vth"] * s
        else:
            W = np.asarray(L["weights"], float)
            b = np.asarray(L["bias"], float)
            leak, theta = L["leak"], L["v_thresh"]
        out.append((W, b, leak, theta, L["spiking"], L["reset"]))
    return out


def node_meta(node, key):
    """A node's metadata/<key> as text, or None (NIR keeps a node's 'metadata' group as its metadata dict)."""
    if "metadata" not in node or key not in node["metadata"]:
        return None
    return as_text(node["metadata"][key][()])


def highest_potential(W, b, leak, steps):
    """The largest v any neuron can reach from 0: (sum of positive weights + positive bias) / (1 - leak)."""
    rise = np.maximum(W, 0).sum(axis=1) + np.maximum(b, 0)
    return float(rise.max()) * (1.0 / (1.0 - leak) if leak < 1.0 else steps)


def close(a, b):
    return np.allclose(np.asarray(a, float), np.asarray(b, float), rtol=REL_TOL, atol=REL_TOL * 1e-3)


def field(node, name, where, n):
    if name not in node:
        fail(f"{where}: missing field '{name}'")
    ds = node[name]
    if ds.dtype != np.float32 or ds.shape != (n,):
        fail(f"{where}/{name}: {ds.dtype} {ds.shape}, expected float32 ({n},)")
    return ds[()].astype(float)


def main(path, ref_path, imported_path=None):
    with open(ref_path, "r", encoding="utf-8") as f:
        layers = float_layers(json.load(f))
    with h5py.File(path, "r") as f:
        version = as_text(f["version"][()])
        if not version:
            fail("/version is empty")
        g = f["node"]
        if g["type"][()] != b"NIRGraph":
            fail(f"/node/type = {g['type'][()]!r}, expected b'NIRGraph'")
        dt = float(g["metadata/dt"][()])
        if as_text(g["metadata/discretization"][()]) != "euler":
            fail("this check assumes the Euler mapping")
        edges = g["edges"]
        if edges.ndim != 2 or edges.shape[1] != 2 or edges.dtype.kind != "O":
            fail(f"/node/edges: {edges.dtype} {edges.shape}, expected variable-length strings (n, 2)")
        names = ["input"] + [str(k) for k in range(2 * len(layers))] + ["output"]
        want_edges = [(names[i], names[i + 1]) for i in range(len(names) - 1)]
        got_edges = [(as_text(a), as_text(b)) for a, b in edges[()]]
        if got_edges != want_edges:
            fail(f"edges {got_edges} != {want_edges}")
        nodes = g["nodes"]
        if sorted(nodes.keys()) != sorted(names):
            fail(f"nodes {sorted(nodes.keys())} != {sorted(names)}")
        n0 = layers[0][0].shape[1]
        if nodes["input"]["type"][()] != b"Input" or list(nodes["input"]["shape"][()]) != [n0] \
                or nodes["input"]["shape"].dtype != np.int64:
            fail("input node must be Input with int64 shape [n0]")
        if nodes["output"]["type"][()] != b"Output" or list(nodes["output"]["shape"][()]) != [layers[-1][0].shape[0]]:
            fail("output node must be Output with the last layer's size")
        steps = int(g["metadata/steps"][()]) if "steps" in g["metadata"] else 0
        for l, (W, b, leak, theta, spiking, reset) in enumerate(layers):
            a, n = nodes[str(2 * l)], nodes[str(2 * l + 1)]
            at_a, at_n = f"/node/nodes/{2 * l}", f"/node/nodes/{2 * l + 1}"
            if a["type"][()] != b"Affine":
                fail(f"{at_a}: type {a['type'][()]!r}, expected Affine")
            w = a["weight"]
            if w.dtype != np.float32 or w.shape != W.shape:
                fail(f"{at_a}/weight: {w.dtype} {w.shape}, expected float32 {W.shape} (out x in)")
            if not close(w[()], W):
                fail(f"{at_a}/weight values differ from the reference network")
            if not close(field(a, "bias", at_a, W.shape[0]), b):
                fail(f"{at_a}/bias values differ")
            typ = n["type"][()]
            m = W.shape[0]
            # The readout may be written as an LIF that cannot fire (--nir-readout lif).
            readout_lif = not spiking and typ in (b"LIF", b"IF")
            if readout_lif:
                if node_meta(n, "readout") != "potential":
                    fail(f"{at_n}: an LIF readout without metadata readout = 'potential'")
                th = field(n, "v_threshold", at_n, m)
                if not np.all(th > highest_potential(W, b, leak, steps)):
                    fail(f"{at_n}/v_threshold = {th} can be reached: the readout would fire")
                spiking = True  # checked as an LIF below, with its own threshold
                theta = float(th[0])
            elif spiking and node_meta(n, "reset") != reset:
                fail(f"{at_n}: metadata reset = {node_meta(n, 'reset')!r}, expected {reset!r}")
            if leak < 1.0:
                want = b"LIF" if spiking else b"LI"
                if typ != want:
                    fail(f"{at_n}: type {typ!r}, expected {want!r}")
                tau = field(n, "tau", at_n, m)
                r = field(n, "r", at_n, m)
                if not close(tau, np.full(m, dt / (1.0 - leak))):
                    fail(f"{at_n}/tau = {tau} != dt / (1 - leak)")
                if not close(r * dt / tau, np.ones(m)):
                    fail(f"{at_n}: r * dt / tau = {r * dt / tau}, expected 1 (one step adds W s + b)")
                if np.any(field(n, "v_leak", at_n, m) != 0):
                    fail(f"{at_n}/v_leak must be 0")
            else:
                want = b"IF" if spiking else b"I"
                if typ != want:
                    fail(f"{at_n}: type {typ!r}, expected {want!r}")
                if not close(field(n, "r", at_n, m) * dt, np.ones(m)):
                    fail(f"{at_n}/r * dt != 1")
            if spiking:
                if not close(field(n, "v_threshold", at_n, m), np.full(m, theta)):
                    fail(f"{at_n}/v_threshold differs")
                if np.any(field(n, "v_reset", at_n, m) != 0):
                    fail(f"{at_n}/v_reset must be 0")
    if imported_path:
        with open(imported_path, "r", encoding="utf-8") as f:
            back = float_layers(json.load(f))
        for l, (ref, got) in enumerate(zip(layers, back)):
            if ref[4] and got[5] != ref[5]:
                fail(f"imported layer {l} reset = {got[5]}, expected {ref[5]}")
            for k, name in enumerate(("weights", "bias", "leak", "v_thresh", "spiking")):
                if name == "v_thresh" and not ref[4]:
                    continue
                if not close(ref[k], got[k]):
                    fail(f"imported layer {l} {name} differs: {got[k]} vs {ref[k]}")
    print(f"check_nir: OK: {len(layers)} layers in {path} (NIR version {version}, dt = {dt})")


if __name__ == "__main__":
    args = sys.argv[1:]
    imported = None
    if "--imported" in args:
        i = args.index("--imported")
        imported = args[i + 1]
        del args[i:i + 2]
    if len(args) != 2:
        print(__doc__)
        sys.exit(2)
    main(args[0], args[1], imported)
