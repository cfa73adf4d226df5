#!/usr/bin/python3
"""Independent re-implementation of the float model (docs/architecture.md), checked against `spikeforge eval`.

Usage: float_model_check.py NET_JSON INPUTS_JSON OUTPUTS_JSON

Reads net.json ("spikeforge.network/1"), the spikes `eval --save-inputs` wrote
({"steps": T, "inputs": n, "samples": [{"label": l, "events": [[t, i], ...]}]}, t 0-based) and the
outputs `eval --save-outputs` wrote ({"samples": [{"label", "prediction", "output": [...]}]}).
Simulates every sample with numpy in float64 (matrix products over all samples at once, written
from the equations of docs/architecture.md, not from the C++ code) and compares:
  * labels: equal;
  * outputs (v_{L,T}, or spike counts for a spiking output): within OUTPUT_TOLERANCE;
  * predictions: equal, except where the top two outputs are within OUTPUT_TOLERANCE (a tie that
    float32 rounding may break either way; counted and reported).
Also reports the smallest |v − θ| over all threshold decisions: if it is below the float32
rounding level, a spike decision may legitimately differ and the check says so.
Exit 0 when everything agrees, 1 otherwise.
"""
import json
import sys

import numpy as np

# The C++ simulator runs in float32 (relative rounding ~6e-8 per operation); over ≤ 40 steps of
# sums of ≤ 32 weights of magnitude ≤ ~1.1 the accumulated difference to float64 stays below
# ~1e-5 absolute. 1e-4 leaves a 10x margin while still catching any real semantic difference
# (a missed spike changes an output by a whole weight, ≥ 1e-2 here).
OUTPUT_TOLERANCE = 1e-4
# A threshold decision closer than this to θ may be decided differently in float32 vs float64.
DECISION_MARGIN = 1e-5


def load_net(path):
    with open(path) as f:
        doc = json.load(f)
    assert doc["format"] == "spikeforge.network/1", doc["format"]
    layers = []
    for l in doc["layers"]:
        # The network's parameters are float32 values; take exactly those values into float64.
        f32 = lambda x: np.asarray(x, dtype=np.float32).astype(np.float64)
        layers.append(dict(W=f32(l["weights"]), b=f32(l["bias"]), leak=float(np.float32(l["leak"])),
                           theta=float(np.float32(l["v_thresh"])), reset=l["reset"], spiking=bool(l["spiking"])))
    return layers


def load_inputs(path):
    with open(path) as f:
        doc = json.load(f)
    T, n = doc["steps"], doc["inputs"]
    samples = doc["samples"]
    x = np.zeros((T, n, len(samples)))  # step, input, sample
    for s, smp in enumerate(samples):
        for t, i in smp["events"]:
            x[t, i, s] = 1.0
    return x, np.array([smp["label"] for smp in samples])


def simulate(layers, x):
    T, _, N = x.shape
    v = [np.zeros((l["W"].shape[0], N)) for l in layers]
    s = [np.zeros((l["W"].shape[0], N)) for l in layers]
    counts_out = np.zeros((layers[-1]["W"].shape[0], N))
    min_margin = np.inf
    for t in range(T):
        inp = x[t]
        for k, l in enumerate(layers):
            i = l["W"] @ inp + l["b"][:, None]
            if not l["spiking"]:
                v[k] = l["leak"] * v[k] + i  # output leaky integrator: no spikes, no reset
                inp = None
                continue
            if l["reset"] == "subtract":
                v[k] = l["leak"] * v[k] + i - l["theta"] * s[k]
            else:
                v[k] = l["leak"] * (1.0 - s[k]) * v[k] + i
            min_margin = min(min_margin, float(np.min(np.abs(v[k] - l["theta"]))))
            s[k] = (v[k] > l["theta"]).astype(np.float64)  # strict >
            inp = s[k]
            if k == len(layers) - 1:
                counts_out += s[k]
    out = counts_out if layers[-1]["spiking"] else v[-1]
    return out, min_margin


def main(argv):
    if len(argv) != 4:
        print(__doc__, file=sys.stderr)
        return 2
    layers = load_net(argv[1])
    x, labels = load_inputs(argv[2])
    with open(argv[3]) as f:
        got = json.load(f)["samples"]
    out, min_margin = simulate(layers, x)
    N = x.shape[2]
    if len(got) != N:
        print(f"FAIL: {len(got)} outputs for {N} input samples")
        return 1
    failures, ties = 0, 0
    max_diff = 0.0
    for s in range(N):
        mine = out[:, s]
        theirs = np.array(got[s]["output"], dtype=np.float64)
        if got[s]["label"] != labels[s]:
            print(f"FAIL sample {s}: label {got[s]['label']} vs inputs file {labels[s]}")
            failures += 1
        diff = float(np.max(np.abs(mine - theirs)))
        max_diff = max(max_diff, diff)
        if diff > OUTPUT_TOLERANCE:
            print(f"FAIL sample {s}: outputs differ by {diff:.3g}\n  python {mine}\n  spikeforge {theirs}")
            failures += 1
        pred = int(np.argmax(mine))  # numpy argmax: first maximum = lowest index on ties
        if pred != got[s]["prediction"]:
            top = np.sort(mine)[-2:]
            if top[1] - top[0] <= OUTPUT_TOLERANCE:
                ties += 1
            else:
                print(f"FAIL sample {s}: prediction {got[s]['prediction']} vs python {pred}")
                failures += 1
    accuracy = float(np.mean(np.argmax(out, axis=0) == labels))
    print(f"float_model_check: {N} samples, {len(layers)} layers, max |output diff| = {max_diff:.3g} "
          f"(tolerance {OUTPUT_TOLERANCE}), near-ties {ties}, min |v - theta| = {min_margin:.3g}, "
          f"python accuracy {accuracy:.4f}, failures {failures}")
    if failures and min_margin < DECISION_MARGIN:
        print(f"note: a threshold decision was within {DECISION_MARGIN} of theta; float32 may decide it differently")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
