"""Writes the 1 GiB inputs of bench/streamMemory.mjs into $QSTORE_BENCH_DIR (default
/tmp/qstore-data-bench), block by block so that Python never holds the whole array: a float32
(262144, 1024) array x_train with int64 labels y_train, value = row + column / 1024, as
  stream_1gib_stored.npz    numpy members in a stored zip (zipfile, zip64, as np.savez)
  stream_1gib_deflated.npz  the same deflated (zipfile compresslevel 1, as np.savez_compressed)
  stream_1gib.h5            h5py: x_train contiguous, x_gzip gzip-chunked (256 rows a chunk)
Run: /usr/bin/python3 bench/prepareStream.py
"""
import os
import zipfile

import h5py
import numpy as np
from numpy.lib import format as npy

OUT = os.environ.get("QSTORE_BENCH_DIR", "/tmp/qstore-data-bench")
ROWS, WIDTH, BLOCK = 262_144, 1024, 4096
os.makedirs(OUT, exist_ok=True)


def block(start):
    return np.arange(start, start + BLOCK, dtype=np.float32)[:, None] + (
        np.arange(WIDTH, dtype=np.float32) / WIDTH
    )


labels = np.arange(ROWS, dtype=np.int64) % 10

for kind, method in (("stored", zipfile.ZIP_STORED), ("deflated", zipfile.ZIP_DEFLATED)):
    path = os.path.join(OUT, f"stream_1gib_{kind}.npz")
    if os.path.exists(path):
        continue
    with zipfile.ZipFile(path + ".part", "w", method, allowZip64=True, compresslevel=1) as zf:
        with zf.open("x_train.npy", "w", force_zip64=True) as f:
            npy.write_array_header_1_0(
                f, {"descr": "<f4", "fortran_order": False, "shape": (ROWS, WIDTH)}
            )
            for start in range(0, ROWS, BLOCK):
                f.write(block(start).tobytes())
        with zf.open("y_train.npy", "w", force_zip64=True) as f:
            npy.write_array(f, labels)
    os.rename(path + ".part", path)

path = os.path.join(OUT, "stream_1gib.h5")
if not os.path.exists(path):
    with h5py.File(path + ".part", "w") as f:
        plain = f.create_dataset("x_train", (ROWS, WIDTH), dtype="<f4")
        packed = f.create_dataset(
            "x_gzip", (ROWS, WIDTH), dtype="<f4", chunks=(256, WIDTH), compression="gzip",
            compression_opts=1,
        )
        for start in range(0, ROWS, BLOCK):
            plain[start : start + BLOCK] = block(start)
            packed[start : start + BLOCK] = block(start)
        f["y_train"] = labels
    os.rename(path + ".part", path)
