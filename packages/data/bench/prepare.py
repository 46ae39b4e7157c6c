"""Writes the benchmark inputs of @qstore/data into $QSTORE_BENCH_DIR (default /tmp/qstore-data-bench)
from Debian's real Fashion-MNIST: the Keras mnist.npz layout (stored and deflated), one .npy, the
60,000 training images as PIL-encoded PNGs (as Hugging Face stores them) in one length-prefixed
blob, and the Kaggle CSV layout (label + 784 pixels). Run: /usr/bin/python3 bench/prepare.py
"""
import gzip
import io
import os
import struct

import numpy as np
from PIL import Image

SRC = "/usr/share/datasets/fashion-mnist"
OUT = os.environ.get("QSTORE_BENCH_DIR", "/tmp/qstore-data-bench")
os.makedirs(OUT, exist_ok=True)


def idx(name, offset):
    with gzip.open(os.path.join(SRC, name)) as f:
        return np.frombuffer(f.read(), dtype=np.uint8, offset=offset)


xt = idx("train-images-idx3-ubyte.gz", 16).reshape(-1, 28, 28)
yt = idx("train-labels-idx1-ubyte.gz", 8)
xs = idx("t10k-images-idx3-ubyte.gz", 16).reshape(-1, 28, 28)
ys = idx("t10k-labels-idx1-ubyte.gz", 8)
np.savez(os.path.join(OUT, "mnist_stored.npz"), x_train=xt, y_train=yt, x_test=xs, y_test=ys)
np.savez_compressed(os.path.join(OUT, "mnist_deflated.npz"), x_train=xt, y_train=yt, x_test=xs, y_test=ys)
np.save(os.path.join(OUT, "x_train_f4.npy"), xt.astype("<f4") / 255)
with open(os.path.join(OUT, "train_pngs.bin"), "wb") as f:
    for a in xt:
        buf = io.BytesIO()
        Image.fromarray(a, mode="L").save(buf, format="PNG")
        f.write(struct.pack("<I", len(buf.getvalue())) + buf.getvalue())
np.save(os.path.join(OUT, "train_labels.npy"), yt.astype("<i8"))
with open(os.path.join(OUT, "fashion-mnist_train.csv"), "w") as f:
    f.write("label," + ",".join(f"pixel{i}" for i in range(1, 785)) + "\n")
    np.savetxt(f, np.concatenate([yt[:, None], xt.reshape(-1, 784)], axis=1), fmt="%d", delimiter=",")
print("bench inputs in", OUT)
