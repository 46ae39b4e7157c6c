"""Writes the small committed test fixtures of @qstore/data from real data on a Debian machine.

Run with Debian's python (numpy, h5py, PIL from apt) from packages/data:
    /usr/bin/python3 scripts/make_fixtures.py
Sources: Debian `dataset-fashion-mnist` (MIT, Zalando SE) and `python3-sklearn` (BSD; its CSVs and
CC-BY photos). Outputs are deterministic apart from zip/h5 timestamps.
"""
import gzip
import io
import json
import os
import struct
import tarfile
import zipfile

import h5py
import numpy as np
from PIL import Image

FMNIST = "/usr/share/datasets/fashion-mnist"
SKLEARN = "/usr/lib/python3/dist-packages/sklearn/datasets"
OUT = os.path.join(os.path.dirname(__file__), "..", "test", "fixtures")
CLASSES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]


def out(*parts):
    path = os.path.join(OUT, *parts)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    return path


def read_idx(name, offset):
    with gzip.open(os.path.join(FMNIST, name)) as f:
        return np.frombuffer(f.read(), dtype=np.uint8, offset=offset)


def write_idx_gz(path, array):
    header = struct.pack(">BBBB", 0, 0, 8, array.ndim) + b"".join(struct.pack(">I", d) for d in array.shape)
    # mtime=0 and no file name keep the bytes reproducible
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as f:
        f.write(header + array.astype(np.uint8).tobytes())


train_x = read_idx("train-images-idx3-ubyte.gz", 16).reshape(-1, 28, 28)[:32]
train_y = read_idx("train-labels-idx1-ubyte.gz", 8)[:32]
test_x = read_idx("t10k-images-idx3-ubyte.gz", 16).reshape(-1, 28, 28)[:16]
test_y = read_idx("t10k-labels-idx1-ubyte.gz", 8)[:16]

# IDX in Keras' fashion-mnist layout (served by the test HTTP server and read by `local`)
for name, arr in [("train-images-idx3-ubyte.gz", train_x), ("train-labels-idx1-ubyte.gz", train_y),
                  ("t10k-images-idx3-ubyte.gz", test_x), ("t10k-labels-idx1-ubyte.gz", test_y)]:
    write_idx_gz(out("keras", "tf-keras-datasets", name), arr)
# a non-uint8 IDX (big-endian float32) and an int16 one
idx_f = (np.arange(24) / 8).astype(">f4").reshape(2, 3, 4)
with open(out("idx", "float32.idx"), "wb") as f:
    f.write(bytes([0, 0, 0x0D, 3]) + struct.pack(">III", 2, 3, 4) + idx_f.tobytes())
idx_i = np.array([-3, 0, 300, -32768, 32767], dtype=">i2")
with open(out("idx", "int16.idx"), "wb") as f:
    f.write(bytes([0, 0, 0x0B, 1]) + struct.pack(">I", 5) + idx_i.tobytes())

# NPY in every supported variant, with the expected C-order values
expected = {}
def npy(name, arr, version=None):
    path = out("npy", name + ".npy")
    with open(path, "wb") as f:
        if version is None:
            np.lib.format.write_array(f, arr, allow_pickle=arr.dtype == object)
        else:
            np.lib.format.write_array(f, arr, version=version)
    if arr.dtype != object:
        expected[name] = {"shape": list(arr.shape), "values": np.ascontiguousarray(arr).astype(np.float64).ravel().tolist()}

npy("f4", np.arange(6, dtype="<f4").reshape(3, 2) / 4)
npy("be_i2", np.array([[1, -2, 300], [-32768, 32767, 0]], dtype=">i2"))
npy("be_f8", np.array([1.5, -2.25, 1e300, -0.0], dtype=">f8"))
npy("fortran_f4", np.asfortranarray(np.arange(24, dtype="<f4").reshape(2, 3, 4)))
npy("v2_u2", np.arange(10, dtype="<u2").reshape(2, 5) * 1000, version=(2, 0))
npy("v3_i8", np.array([-(2**40), 7, 2**53], dtype="<i8"), version=(3, 0))
npy("f2", np.array([0.5, -1.0, 65504.0, 6.1035156e-05], dtype="<f2"))
npy("bool", np.array([True, False, True]))
npy("scalar", np.array(3.25, dtype="<f8"))
npy("empty", np.zeros((0, 3), dtype="<f4"))
npy("u1", train_x[:2])
npy("object", np.array([[1, 2], [3]], dtype=object))
with open(out("npy", "expected.json"), "w") as f:
    json.dump(expected, f)

# NPZ stored and deflated, in Keras' mnist.npz layout
for name, save in [("stored", np.savez), ("deflated", np.savez_compressed)]:
    save(out("npz", name + ".npz"), x_train=train_x, y_train=train_y, x_test=test_x, y_test=test_y,
         w=np.arange(5, dtype=">f8"))
np.savez(out("keras", "tf-keras-datasets", "mnist.npz"), x_train=train_x, y_train=train_y, x_test=test_x, y_test=test_y)
# zip-slip: a member that points outside the archive
with zipfile.ZipFile(out("npz", "zipslip.npz"), "w") as z:
    z.writestr("../../evil.npy", io.BytesIO(np.lib.format.header_data_from_array_1_0(np.zeros(1)).__repr__().encode()).getvalue())
# zip bomb: 64 MiB of zeros in a ~64 KiB member
with zipfile.ZipFile(out("npz", "bomb.npz"), "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as z:
    buf = io.BytesIO()
    np.lib.format.write_array(buf, np.zeros(64 * 2**20, dtype=np.uint8))
    z.writestr("x.npy", buf.getvalue())

# Boston housing from sklearn's CSV, written like Keras' boston_housing.npz (x (506,13), y (506,))
boston = np.loadtxt(os.path.join(SKLEARN, "data", "boston_house_prices.csv"), delimiter=",", skiprows=2)
np.savez(out("keras", "tf-keras-datasets", "boston_housing.npz"), x=boston[:, :13], y=boston[:, 13])

# Image folder: PNG and JPEG, one sub-folder per class
for i in range(6):
    label = int(train_y[i])
    folder = CLASSES[label].replace("/", "-")
    img = Image.fromarray(train_x[i], mode="L")
    if i == 5:
        img.save(out("images", "train", folder, f"{i:03d}.jpg"), quality=95)
    else:
        img.save(out("images", "train", folder, f"{i:03d}.png"))
rgb = Image.open(os.path.join(SKLEARN, "images", "china.jpg")).convert("RGB")
rgb.crop((200, 100, 232, 132)).save(out("images", "rgb.png"))
np.save(out("images", "rgb.npy"), np.asarray(rgb.crop((200, 100, 232, 132))))
for i in range(6):
    np.save(out("images", f"train_{i}.npy"), train_x[i])

# CIFAR-10/100 binary records cut from the sklearn photos (real pixels), in the Toronto tarball layout
photos = [np.asarray(Image.open(os.path.join(SKLEARN, "images", n)).convert("RGB")) for n in ("china.jpg", "flower.jpg")]
def patches(count, seed):
    rng = np.random.RandomState(seed)
    result = []
    for _ in range(count):
        p = photos[rng.randint(2)]
        r, c = rng.randint(0, p.shape[0] - 32), rng.randint(0, p.shape[1] - 32)
        result.append(p[r:r + 32, c:c + 32])
    return np.stack(result)

def add(tar, name, data):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = 0
    tar.addfile(info, io.BytesIO(data))

cifar_expected = {}
with tarfile.open(out("keras", "kriz", "cifar-10-binary.tar.gz"), "w:gz") as tar:
    files = [f"data_batch_{i}.bin" for i in range(1, 6)] + ["test_batch.bin"]
    for k, name in enumerate(files):
        imgs = patches(2, k)
        labels = np.array([(3 * k) % 10, (3 * k + 1) % 10], dtype=np.uint8)
        records = b"".join(bytes([labels[j]]) + imgs[j].transpose(2, 0, 1).tobytes() for j in range(2))
        add(tar, "cifar-10-batches-bin/" + name, records)
        cifar_expected[name] = {"labels": labels.tolist(), "first_pixels_hwc": imgs[0].ravel()[:12].tolist()}
    add(tar, "cifar-10-batches-bin/batches.meta.txt", b"airplane\nautomobile\nbird\ncat\ndeer\ndog\nfrog\nhorse\nship\ntruck\n\n")
with tarfile.open(out("keras", "kriz", "cifar-100-binary.tar.gz"), "w:gz") as tar:
    for k, name in enumerate(["train.bin", "test.bin"]):
        imgs = patches(3, 10 + k)
        recs = b"".join(bytes([j + k, 10 * j + k]) + imgs[j].transpose(2, 0, 1).tobytes() for j in range(3))
        add(tar, "cifar-100-binary/" + name, recs)
    add(tar, "cifar-100-binary/coarse_label_names.txt", "\n".join(f"coarse{i}" for i in range(20)).encode())
    add(tar, "cifar-100-binary/fine_label_names.txt", "\n".join(f"fine{i}" for i in range(100)).encode())
with open(out("keras", "cifar-expected.json"), "w") as f:
    json.dump(cifar_expected, f)

# HDF5 written by h5py: contiguous, gzip-chunked, and an LZF dataset that must be refused
with h5py.File(out("h5", "fmnist.h5"), "w") as h5:
    h5.create_dataset("x_train", data=train_x)
    h5.create_dataset("y_train", data=train_y.astype(np.int64))
    h5.create_dataset("x_test", data=test_x, chunks=(4, 28, 28), compression="gzip", compression_opts=4)
    h5.create_dataset("y_test", data=test_y.astype(np.int64))
    h5.create_dataset("lzf/x", data=test_x, chunks=(4, 28, 28), compression="lzf")
    h5.attrs["classes"] = json.dumps(CLASSES)
print("fixtures written to", os.path.abspath(OUT))

# PNG bytes exactly as Hugging Face `datasets` stores Image features (PIL, mode L), for the HF-layout
# parquet that scripts/makeParquetFixture.mjs writes
def png_bytes(arr):
    buf = io.BytesIO()
    Image.fromarray(arr, mode="L").save(buf, format="PNG")
    return buf.getvalue()

import base64
with open(out("hf", "pngs.json"), "w") as f:
    json.dump({
        "train": [base64.b64encode(png_bytes(a)).decode() for a in train_x],
        "train_labels": train_y.tolist(),
        "test": [base64.b64encode(png_bytes(a)).decode() for a in test_x],
        "test_labels": test_y.tolist(),
    }, f)

# IMDB-style object array of int lists (what imdb.npz's x_* members hold), protocol 3 as np.save
# writes it, and a pickle whose global is forbidden (os.system) for the refusal test
import pickle
seqs = np.empty(3, dtype=object)
seqs[:] = [[1, 14, 22, 16], [1, 194, 1153, 194, 8255, 78, 228], [1, 70000, 2]]
np.save(out("pickle", "imdb_like.npy"), seqs, allow_pickle=True)
with open(out("pickle", "imdb_like.json"), "w") as f:
    json.dump([list(s) for s in seqs], f)
class Evil:
    def __reduce__(self):
        return (os.system, ("echo pwned",))
with open(out("pickle", "evil.pkl"), "wb") as f:
    f.write(pickle.dumps(Evil(), protocol=2))

# IMDB and Reuters look-alikes in Keras' npz layouts (object arrays of word indices), served by the
# test server under the real file names; expected results computed with Keras' own post-processing
def keras_text(path, splits):
    rng_seqs = np.random.RandomState(7)
    arrays = {}
    for key, n in splits.items():
        seqs = np.empty(n, dtype=object)
        seqs[:] = [[int(v) for v in rng_seqs.randint(1, 60, size=rng_seqs.randint(3, 12))] for _ in range(n)]
        arrays["x" + key] = seqs
        arrays["y" + key] = rng_seqs.randint(0, 2 if key else 5, size=n).astype(np.int64)
    np.savez(path, **arrays)
    return arrays

imdb = keras_text(out("keras", "tf-keras-datasets", "imdb.npz"), {"_train": 12, "_test": 9})
reuters = keras_text(out("keras", "tf-keras-datasets", "reuters.npz"), {"": 20})

def post(xs, labels, num_words=None, skip_top=0, maxlen=None, start_char=1, oov_char=2, index_from=3):
    xs = [[start_char] + [w + index_from for w in x] for x in xs]
    if maxlen:
        keep = [i for i, x in enumerate(xs) if len(x) < maxlen]
        xs = [xs[i] for i in keep]
        labels = labels[keep]
    return xs, labels

def finish(xs, num_words, skip_top, oov_char=2):
    if not num_words:
        num_words = max(max(x) for x in xs)
    return [[w if (skip_top <= w < num_words) else oov_char for w in x] for x in xs]

expected_text = {}
for num_words, skip_top, maxlen in [(None, 0, None), (30, 2, 10)]:
    rng = np.random.RandomState(113)
    idx = np.arange(12); rng.shuffle(idx); xtr = imdb["x_train"][idx]; ytr = imdb["y_train"][idx]
    idx = np.arange(9); rng.shuffle(idx); xte = imdb["x_test"][idx]; yte = imdb["y_test"][idx]
    xtr, ytr = post(xtr, ytr, maxlen=maxlen)
    xte, yte = post(xte, yte, maxlen=maxlen)
    xs = finish(xtr + xte, num_words, skip_top)
    expected_text[f"imdb_{num_words}_{skip_top}_{maxlen}"] = {"x_train": xs[:len(xtr)], "y_train": ytr.tolist(), "x_test": xs[len(xtr):], "y_test": yte.tolist()}
    rng = np.random.RandomState(113)
    idx = np.arange(20); rng.shuffle(idx); xr = reuters["x"][idx]; yr = reuters["y"][idx]
    xr, yr = post(xr, yr, maxlen=maxlen)
    xs = finish(xr, num_words, skip_top)
    cut = int(len(xs) * (1 - 0.2))
    expected_text[f"reuters_{num_words}_{skip_top}_{maxlen}"] = {"x_train": xs[:cut], "y_train": yr[:cut].tolist(), "x_test": xs[cut:], "y_test": yr[cut:].tolist()}
with open(out("keras", "text-expected.json"), "w") as f:
    json.dump(expected_text, f, default=int)
