"""Writes small look-alikes of Keras' CIFAR archives (cifar-10-python.tar.gz, cifar-100-python.tar.gz)
into test/fixtures/keras/kriz, and what Keras' load_data() returns for them into
test/fixtures/keras/cifar-python-expected.json, plus numeric numpy arrays pickled by Python 3
(protocols 2 and 4) and CIFAR-100-like batches pickled by Python 3 (protocols 2, 3, 4) or with
their labels after 'data' into test/fixtures/pickle.

Run with Debian's python (numpy from apt) from packages/data:
    /usr/bin/python3 scripts/make_cifar_pickles.py

The real archives were pickled by Python 2's cPickle with protocol 2: every str (dict keys, names,
numpy's dtype strings and the raw pixel buffer) is a byte string written as SHORT_BINSTRING /
BINSTRING, and the arrays go through numpy.core.multiarray._reconstruct. Python 3 would write
bytes as _codecs.encode(...) instead, so Py2Pickler below emits the Python 2 opcodes. Members and
dict keys follow the real archives (cifar-10-batches-py/data_batch_1..5, test_batch, batches.meta,
readme.html; cifar-100-python/train, test, meta); only the number of images is small. Pixels are
32x32 patches of scikit-learn's sample photos (CC-BY, as in make_fixtures.py).
"""
import gzip
import hashlib
import io
import json
import os
import pickle
import struct
import tarfile

import numpy as np
from PIL import Image

SKLEARN = "/usr/lib/python3/dist-packages/sklearn/datasets"
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "test", "fixtures", "keras")
CIFAR10_NAMES = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"]


class Py2Pickler(pickle._Pickler):
    """Protocol 2 as Python 2's cPickle wrote it: str and bytes both as (SHORT_)BINSTRING."""

    dispatch = pickle._Pickler.dispatch.copy()

    def save_binstring(self, obj):
        data = obj.encode("latin-1") if isinstance(obj, str) else obj
        if len(data) < 256:
            self.write(pickle.SHORT_BINSTRING + bytes([len(data)]) + data)
        else:
            self.write(pickle.BINSTRING + struct.pack("<i", len(data)) + data)
        self.memoize(obj)

    dispatch[str] = save_binstring
    dispatch[bytes] = save_binstring

    def reducer_override(self, obj):
        if isinstance(obj, np.dtype):  # Python 2 numpy reduced dtypes as (descr, 0, 1)
            fn, args, state = obj.__reduce__()
            return fn, (args[0], 0, 1), state
        return NotImplemented


def dump(obj):
    buf = io.BytesIO()
    Py2Pickler(buf, protocol=2).dump(obj)
    return buf.getvalue()


def patches(count, seed):
    """count channel-planar rows (count, 3072) uint8, as the archives store them."""
    photos = [np.asarray(Image.open(os.path.join(SKLEARN, "images", n)).convert("RGB")) for n in ("china.jpg", "flower.jpg")]
    rng = np.random.RandomState(seed)
    rows = []
    for _ in range(count):
        p = photos[rng.randint(2)]
        r, c = rng.randint(0, p.shape[0] - 32), rng.randint(0, p.shape[1] - 32)
        rows.append(p[r:r + 32, c:c + 32].transpose(2, 0, 1).reshape(3072))
    return np.stack(rows)


def add(tar, name, data=None):
    info = tarfile.TarInfo(name)
    info.mtime = 1243296000  # the real archives date from 2009
    if data is None:
        info.type = tarfile.DIRTYPE
        info.mode = 0o755
        tar.addfile(info)
        return
    info.size = len(data)
    info.mode = 0o644
    tar.addfile(info, io.BytesIO(data))


def write_tar(path, members, level=9):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.GNU_FORMAT) as tar:
        for name, data in members:
            add(tar, name, data)
    with open(path, "wb") as f:
        f.write(gzip.compress(buf.getvalue(), compresslevel=level, mtime=0))


def main():
    # ---- CIFAR-10: five training batches and a test batch of 3 images each
    c10 = [("cifar-10-batches-py", None)]
    for k, name in enumerate([f"data_batch_{i}" for i in range(1, 6)] + ["test_batch"]):
        data = patches(3, 100 + k)
        labels = [(3 * k + j) % 10 for j in range(3)]
        batch = {
            "batch_label": ("testing batch 1 of 1" if name == "test_batch" else f"training batch {k + 1} of 5"),
            "labels": labels,
            "data": data,
            "filenames": [f"fixture_{k}_{j}.png" for j in range(3)],
        }
        c10.append((f"cifar-10-batches-py/{name}", dump(batch)))
    c10.append(("cifar-10-batches-py/batches.meta", dump({"num_cases_per_batch": 3, "label_names": CIFAR10_NAMES, "num_vis": 3072})))
    c10.append(("cifar-10-batches-py/readme.html", b"<meta HTTP-EQUIV=\"REFRESH\" content=\"0; url=http://www.cs.toronto.edu/~kriz/cifar.html\">\n"))
    write_tar(os.path.join(OUT, "kriz", "cifar-10-python.tar.gz"), c10)

    # ---- CIFAR-100: train (5 images) and test (3 images), fine and coarse labels
    c100 = [("cifar-100-python", None)]
    for k, (name, n) in enumerate([("train", 5), ("test", 3)]):
        c100.append((f"cifar-100-python/{name}", dump({
            "filenames": [f"fixture_{name}_{j}.png" for j in range(n)],
            "batch_label": f"{name}ing batch 1 of 1",
            "fine_labels": [(17 * j + 40 * k + 3) % 100 for j in range(n)],
            "coarse_labels": [(7 * j + k) % 20 for j in range(n)],
            "data": patches(n, 200 + k),
        })))
    c100.append(("cifar-100-python/meta", dump({
        "fine_label_names": [f"fine_{i}" for i in range(100)],
        "coarse_label_names": [f"coarse_{i}" for i in range(20)],
    })))
    write_tar(os.path.join(OUT, "kriz", "cifar-100-python.tar.gz"), c100)


    # ---- what Keras' cifar10.load_data() / cifar100.load_data() return for these archives
    def load_batch(tar, member, label_key="labels"):
        d = pickle.load(tar.extractfile(member), encoding="bytes")
        d = {k.decode("utf8"): v for k, v in d.items()}
        return d["data"].reshape(d["data"].shape[0], 3, 32, 32), d[label_key]


    def describe(x, y):
        return {
            "x_shape": list(x.shape), "x_dtype": str(x.dtype),
            "x_sha256": hashlib.sha256(np.ascontiguousarray(x).tobytes()).hexdigest(),
            "x_first": x.ravel()[:12].tolist(),
            "y_shape": list(y.shape), "y_dtype": str(y.dtype), "y": y.ravel().tolist(),
        }


    expected = {}
    with tarfile.open(os.path.join(OUT, "kriz", "cifar-10-python.tar.gz")) as tar:
        parts = [load_batch(tar, f"cifar-10-batches-py/data_batch_{i}") for i in range(1, 6)]
        x_train = np.concatenate([p[0] for p in parts]).astype("uint8")
        y_train = np.concatenate([np.asarray(p[1]) for p in parts]).astype("uint8").reshape(-1, 1)
        x_test, y_test = load_batch(tar, "cifar-10-batches-py/test_batch")
        y_test = np.reshape(y_test, (len(y_test), 1)).astype(y_train.dtype)
        expected["cifar10"] = {
            "train": describe(x_train.transpose(0, 2, 3, 1), y_train),
            "test": describe(x_test.transpose(0, 2, 3, 1).astype(x_train.dtype), y_test),
        }
    with tarfile.open(os.path.join(OUT, "kriz", "cifar-100-python.tar.gz")) as tar:
        for mode in ("fine", "coarse"):
            x_train, y_train = load_batch(tar, "cifar-100-python/train", mode + "_labels")
            x_test, y_test = load_batch(tar, "cifar-100-python/test", mode + "_labels")
            expected[f"cifar100_{mode}"] = {
                "train": describe(x_train.transpose(0, 2, 3, 1), np.reshape(y_train, (len(y_train), 1))),
                "test": describe(x_test.transpose(0, 2, 3, 1), np.reshape(y_test, (len(y_test), 1))),
            }
    # ---- numeric arrays as Python 3 pickles them (protocol 2 with _codecs.encode, and protocol 4)
    arrays = {
        "f8": np.arange(6, dtype="<f8").reshape(2, 3) / 4,
        "i8_big_endian": np.array([1, -2, 3], dtype=">i8"),
        "f4_fortran": np.asfortranarray(np.arange(6, dtype="<f4").reshape(2, 3)),
        "u1": np.array([0, 200, 255], dtype="u1"),
    }
    for protocol in (2, 4, 5):  # 5 goes through numpy.core.numeric._frombuffer, which is refused
        with open(os.path.join(OUT, "..", "pickle", f"arrays_py3_p{protocol}.pkl"), "wb") as f:
            pickle.dump(arrays, f, protocol=protocol)

    # ---- a CIFAR-100 'train'-like batch as Python 3 pickles it (protocols 2, 3, 4) and one whose labels
    # come after 'data' (Python 2 style), for the row-by-row pickle stream
    batch = {
        "filenames": [f"fixture_p_{j}.png" for j in range(5)],
        "batch_label": "training batch 1 of 1",
        "fine_labels": [(13 * j + 5) % 100 for j in range(5)],
        "coarse_labels": [(3 * j + 1) % 20 for j in range(5)],
        "data": patches(5, 300),
    }
    for protocol in (2, 3, 4):
        with open(os.path.join(OUT, "..", "pickle", f"cifar100_train_py3_p{protocol}.pkl"), "wb") as f:
            pickle.dump(batch, f, protocol=protocol)
    late = {"data": batch["data"], "fine_labels": batch["fine_labels"], "coarse_labels": batch["coarse_labels"]}
    with open(os.path.join(OUT, "..", "pickle", "cifar100_train_labels_last.pkl"), "wb") as f:
        f.write(dump(late))

    with open(os.path.join(OUT, "cifar-python-expected.json"), "w") as f:
        json.dump(expected, f, indent=1)
        f.write("\n")
    print("wrote cifar-10-python.tar.gz, cifar-100-python.tar.gz and cifar-python-expected.json")


if __name__ == "__main__":
    main()
