"""Independent structural check of a lava-dl netx file written by `spikeforge export --format netx`.

Reads the .net with h5py only (not spikeforge's reader) and compares every dataset's name, dtype,
shape and value with what the netx mapping of docs/formats.md derives from the net.q.json it came
from. Also replays the parts of lava-dl's netx loader that read these datasets (NetDict: 'type' as
ASCII bytes, neuron parameters as scalars; du = iDecay - 1).

  /usr/bin/python3 check_netx.py FILE.net NET.q.json
"""
import json
import sys

import h5py
import numpy as np


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


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print(__doc__)
        sys.exit(2)
    main(sys.argv[1], sys.argv[2])
