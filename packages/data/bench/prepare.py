"""Writes the benchmark inputs of @qstore/data into $QSTORE_BENCH_DIR (default /tmp/qstore-data-bench)
from Debian's real Fashion-MNIST: the Keras mnist.npz layout (stored and deflated), one .npy, the
60,000 training images as PIL-encoded PNGs (as Hugging Face stores them) in one length-prefixed
blob, the Kaggle CSV layout (label + 784 pixels; and 20,000 rows of it scaled to decimals
and exponents such as 0.682353 and 2.7451e-06), and a full-size look-alike of Keras'
cifar-10-python.tar.gz and cifar-100-python.tar.gz (60,000 32x32 patches each of scikit-learn's photos, pickled as Python 2 did; see
scripts/make_cifar_pickles.py), an h5py file with the training images contiguous and gzip-chunked
(level 4, 60 chunks of 1000 rows), and 20,000 training images as PIL-encoded PNG files in one
sub-folder per class (an image folder). Run: /usr/bin/python3 bench/prepare.py [part ...], parts
arrays, csv, cifar, imdb, hdf5, folder (default: all).
"""
import gzip
import io
import os
import struct
import sys

import h5py
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
PARTS = sys.argv[1:] or ["arrays", "csv", "cifar", "imdb", "hdf5", "folder"]

if "arrays" in PARTS:
    np.savez(os.path.join(OUT, "mnist_stored.npz"), x_train=xt, y_train=yt, x_test=xs, y_test=ys)
    np.savez_compressed(os.path.join(OUT, "mnist_deflated.npz"), x_train=xt, y_train=yt, x_test=xs, y_test=ys)
    np.save(os.path.join(OUT, "x_train_f4.npy"), xt.astype("<f4") / 255)
    with open(os.path.join(OUT, "train_pngs.bin"), "wb") as f:
        for a in xt:
            buf = io.BytesIO()
            Image.fromarray(a, mode="L").save(buf, format="PNG")
            f.write(struct.pack("<I", len(buf.getvalue())) + buf.getvalue())
    np.save(os.path.join(OUT, "train_labels.npy"), yt.astype("<i8"))

if "csv" in PARTS:
    with open(os.path.join(OUT, "fashion-mnist_train.csv"), "w") as f:
        f.write("label," + ",".join(f"pixel{i}" for i in range(1, 785)) + "\n")
        np.savetxt(f, np.concatenate([yt[:, None], xt.reshape(-1, 784)], axis=1), fmt="%d", delimiter=",")
    with open(os.path.join(OUT, "fashion-mnist_train_float.csv"), "w") as f:
        f.write("label," + ",".join(f"pixel{i}" for i in range(1, 785)) + "\n")
        scaled = xt[:20000].reshape(-1, 784) / 255 * np.where(np.arange(784) % 7 == 0, 1e-5, 1)
        np.savetxt(f, np.concatenate([yt[:20000, None], scaled], axis=1), fmt="%.6g", delimiter=",")

if "cifar" in PARTS:
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "scripts"))
    from make_cifar_pickles import dump, patches, write_tar  # noqa: E402

    members = [("cifar-10-batches-py", None)]
    for k, name in enumerate([f"data_batch_{i}" for i in range(1, 6)] + ["test_batch"]):
        labels = [int(v) for v in np.random.RandomState(k).randint(0, 10, 10000)]
        members.append((f"cifar-10-batches-py/{name}", dump({"batch_label": name, "labels": labels, "data": patches(10000, k), "filenames": [f"{j}.png" for j in range(10000)]})))
    members.append(("cifar-10-batches-py/batches.meta", dump({"label_names": [str(i) for i in range(10)]})))
    write_tar(os.path.join(OUT, "cifar-10-python.tar.gz"), members, level=6)

    # a full-size look-alike of cifar-100-python.tar.gz: train (50,000 images, ~150 MiB pickled) and test
    members = [("cifar-100-python", None)]
    for k, (name, n) in enumerate([("train", 50000), ("test", 10000)]):
        rng = np.random.RandomState(100 + k)
        members.append((f"cifar-100-python/{name}", dump({
            "filenames": [f"{j}.png" for j in range(n)],
            "batch_label": f"{name}ing batch 1 of 1",
            "fine_labels": [int(v) for v in rng.randint(0, 100, n)],
            "coarse_labels": [int(v) for v in rng.randint(0, 20, n)],
            "data": patches(n, 10 + k),
        })))
    members.append(("cifar-100-python/meta", dump({"fine_label_names": [str(i) for i in range(100)], "coarse_label_names": [str(i) for i in range(20)]})))
    write_tar(os.path.join(OUT, "cifar-100-python.tar.gz"), members, level=6)

if "imdb" in PARTS:
    # a full-size look-alike of Keras' imdb.npz: 25,000 + 25,000 reviews of 10-2,494 word indices
    # (mean ≈ 235, as IMDB's), object arrays of Python lists as np.savez pickles them
    rng = np.random.RandomState(113)
    def reviews(n):
        lengths = np.clip(rng.lognormal(5.2, 0.65, n).astype(int), 10, 2494)
        lengths[0] = 2494
        out = np.empty(n, dtype=object)
        for i, k in enumerate(lengths):
            out[i] = [int(w) for w in np.minimum(rng.zipf(1.3, k), 88583)]
        return out
    np.savez(os.path.join(OUT, "imdb.npz"), x_train=reviews(25000), y_train=rng.randint(0, 2, 25000), x_test=reviews(25000), y_test=rng.randint(0, 2, 25000))

if "hdf5" in PARTS:
    # as h5py users write them: contiguous, and gzip level 4 in 60 chunks of 1000 rows
    with h5py.File(os.path.join(OUT, "fmnist_train.h5"), "w") as f:
        f.create_dataset("x_train", data=xt)
        f.create_dataset("x_gzip", data=xt, chunks=(1000, 28, 28), compression="gzip", compression_opts=4)
        f.create_dataset("y_train", data=yt.astype("<i8"))

if "folder" in PARTS:
    # 20,000 training images as PNG files, one sub-folder per class (00000.png, ... in row order)
    root = os.path.join(OUT, "fmnist_folder")
    for c in range(10):
        os.makedirs(os.path.join(root, str(c)), exist_ok=True)
    for i in range(20000):
        Image.fromarray(xt[i], mode="L").save(os.path.join(root, str(yt[i]), f"{i:05d}.png"), format="PNG")
print("bench inputs in", OUT)
