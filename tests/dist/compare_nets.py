#!/usr/bin/python3
"""Compares two net.json files weight by weight (issue #8: np = 1 against np = K).

Usage: compare_nets.py A.json B.json REL_TOL [--exact-meta KEY ...]
Every layer's weights and biases must agree: |a - b| <= REL_TOL * max(1, max|W_layer|)
(tolerance relative to the layer's largest weight, since the sums that differ in order are
sums of products of the same magnitude). Neuron parameters and the encoding must be equal.
Prints the largest deviation found; exits 1 on the first disagreement.
"""
import json
import sys


def main():
    a_path, b_path, tol = sys.argv[1], sys.argv[2], float(sys.argv[3])
    a = json.load(open(a_path))
    b = json.load(open(b_path))
    if a.get("encoding") != b.get("encoding"):
        sys.exit(f"encoding differs: {a.get('encoding')} vs {b.get('encoding')}")
    la, lb = a["layers"], b["layers"]
    if len(la) != len(lb):
        sys.exit(f"{len(la)} vs {len(lb)} layers")
    worst = 0.0
    for i, (x, y) in enumerate(zip(la, lb)):
        for key in x:
            if key in ("weights", "bias"):
                continue
            if x[key] != y.get(key):
                sys.exit(f"layer {i}: {key} = {x[key]} vs {y.get(key)}")
        wa, wb = x["weights"], y["weights"]
        if len(wa) != len(wb) or any(len(r) != len(s) for r, s in zip(wa, wb)):
            sys.exit(f"layer {i}: weight shapes differ")
        scale = max(1.0, max(abs(v) for row in wa for v in row))
        pairs = [(u, v) for r, s in zip(wa, wb) for u, v in zip(r, s)] + list(zip(x["bias"], y["bias"]))
        for u, v in pairs:
            d = abs(u - v) / scale
            worst = max(worst, d)
            if d > tol:
                sys.exit(f"layer {i}: weight {u} vs {v}: relative difference {d:.3g} > {tol:g} ({a_path} vs {b_path})")
    print(f"ok: {len(la)} layers, largest relative difference {worst:.3g} (tolerance {tol:g})")


if __name__ == "__main__":
    main()
