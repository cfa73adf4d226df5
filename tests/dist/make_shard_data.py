#!/usr/bin/python3
"""Writes a Fashion-MNIST-format folder whose train images file is cut short (issue #8 tests).

Usage: make_shard_data.py OUT_DIR
OUT_DIR/fm_images_cut/: train headers say 100 images and 100 labels are present, but only the
first 50 images are: a rank whose block lies in samples [0, 50) loads fine, a rank whose block
reaches past 50 fails with a truncation error (the other ranks do not).
"""
import gzip
import os
import random
import struct
import sys


def idx(magic, dims, payload):
    return struct.pack(">I", magic) + b"".join(struct.pack(">I", d) for d in dims) + bytes(payload)


def write(path, data):
    with open(path, "wb") as f:
        f.write(gzip.compress(data))


def main():
    d = os.path.join(sys.argv[1], "fm_images_cut")
    os.makedirs(d, exist_ok=True)
    rng = random.Random(3)
    for prefix, n, present in (("train", 100, 50), ("t10k", 10, 10)):
        pixels = [rng.randrange(256) for _ in range(present * 784)]
        write(os.path.join(d, prefix + "-images-idx3-ubyte.gz"), idx(0x803, [n, 28, 28], pixels))
        write(os.path.join(d, prefix + "-labels-idx1-ubyte.gz"), idx(0x801, [n], [i % 10 for i in range(n)]))


if __name__ == "__main__":
    main()
