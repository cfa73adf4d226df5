#!/usr/bin/python3
"""Writes small good and bad dataset folders for the `spikeforge data` CLI tests.

Usage: make_bad_data.py OUT_DIR. Each sub-folder is one case:
  fm_ok/                valid Fashion-MNIST-format files (gzip), 30 train / 10 test images
  fm_truncated_gzip/    train labels .gz cut in the middle of the deflate stream
  fm_truncated_idx/     train labels: valid gzip, header says 100 labels, 50 present
  fm_wrong_magic/       train images with magic 0x00000802
  nmnist_mid_event/     Train/0/a.bin of 12 bytes (not a multiple of 5)
  shd_no_labels/        shd_train.h5 / shd_test.h5 without /labels
"""
import gzip
import os
import random
import shutil
import struct
import sys

import h5py
import numpy as np


def idx(magic, dims, payload):
    return struct.pack(">I", magic) + b"".join(struct.pack(">I", d) for d in dims) + bytes(payload)


def write(path, data, gz=True, cut=None):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    blob = gzip.compress(data) if gz else data
    if cut is not None:
        assert cut < len(blob), (path, cut, len(blob))
        blob = blob[:cut]
    with open(path, "wb") as f:
        f.write(blob)


def fashion(d, n_train=30, n_test=10):
    rng = random.Random(1)
    for prefix, n in (("train", n_train), ("t10k", n_test)):
        pixels = [rng.randrange(256) for _ in range(n * 784)]
        labels = [i % 10 for i in range(n)]
        write(os.path.join(d, prefix + "-images-idx3-ubyte.gz"), idx(0x803, [n, 28, 28], pixels))
        write(os.path.join(d, prefix + "-labels-idx1-ubyte.gz"), idx(0x801, [n], labels))


def main():
    out = sys.argv[1]
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    rng = random.Random(2)

    fashion(os.path.join(out, "fm_ok"))

    d = os.path.join(out, "fm_truncated_gzip")
    fashion(d)
    labels = [rng.randrange(10) for _ in range(20000)]
    write(os.path.join(d, "train-labels-idx1-ubyte.gz"), idx(0x801, [20000], labels), cut=2000)

    d = os.path.join(out, "fm_truncated_idx")
    fashion(d)
    write(os.path.join(d, "train-labels-idx1-ubyte.gz"), idx(0x801, [100], [i % 10 for i in range(50)]))

    d = os.path.join(out, "fm_wrong_magic")
    fashion(d)
    write(os.path.join(d, "train-images-idx3-ubyte.gz"), idx(0x802, [30, 28, 28], [0] * (30 * 784)))

    d = os.path.join(out, "nmnist_mid_event")
    write(os.path.join(d, "Train", "0", "a.bin"), bytes(12), gz=False)
    write(os.path.join(d, "Test", "0", "a.bin"), bytes(10), gz=False)

    d = os.path.join(out, "shd_no_labels")
    os.makedirs(d)
    for split in ("train", "test"):
        with h5py.File(os.path.join(d, "shd_%s.h5" % split), "w") as f:
            vt = h5py.vlen_dtype(np.dtype("float32"))
            vu = h5py.vlen_dtype(np.dtype("uint16"))
            t = f.create_dataset("spikes/times", (1,), dtype=vt)
            u = f.create_dataset("spikes/units", (1,), dtype=vu)
            t[0] = np.array([0.01], dtype="float32")
            u[0] = np.array([3], dtype="uint16")


if __name__ == "__main__":
    main()
