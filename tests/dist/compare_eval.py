#!/usr/bin/python3
"""Compares two `spikeforge eval --json` outputs (issue #8: np = 1 against np = K).

Usage: compare_eval.py A.json B.json
Sample count, accuracy and confusion matrix must be exactly equal (they are integer counts
summed over ranks); firing rates within 1e-12 relative (sums of integer spike counts divided by
the same totals: equal up to the order of double additions of exact integers, i.e. equal).
"""
import json
import sys

RATE_REL_TOL = 1e-12  # integer spike counts summed in double: exact below 2^53; margin for the division only


def main():
    a = json.load(open(sys.argv[1]))
    b = json.load(open(sys.argv[2]))
    for key in ("samples", "accuracy", "confusion"):
        if a[key] != b[key]:
            sys.exit(f"{key}: {a[key]} vs {b[key]}")
    for la, lb in zip(a["firing_rates"], b["firing_rates"]):
        x, y = la["mean"], lb["mean"]
        if (x is None) != (y is None) or (x is not None and abs(x - y) > RATE_REL_TOL * max(1.0, abs(x))):
            sys.exit(f"firing rates differ: layer {la['layer']}: {x} vs {y}")
        for px, py in zip(la["per_neuron"], lb["per_neuron"]):
            if abs(px - py) > RATE_REL_TOL * max(1.0, abs(px)):
                sys.exit(f"per-neuron firing rates differ in layer {la['layer']}: {px} vs {py}")
    print(f"ok: {a['samples']} samples, accuracy {a['accuracy']}")


if __name__ == "__main__":
    main()
