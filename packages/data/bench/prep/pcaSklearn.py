"""scikit-learn side of pcaFashionMnist.ts: fits PCA(16) on the 60,000 x 784 Fashion-MNIST training
pixels and prints one JSON line (seconds, peak RSS, explained-variance ratios).
Usage: /usr/bin/python3 pcaSklearn.py <train-images-idx3-ubyte.gz> <full|randomized>
"""
import gzip
import json
import resource
import sys
import time

import numpy as np
import sklearn
from sklearn.decomposition import PCA

path, solver = sys.argv[1], sys.argv[2]
with gzip.open(path, "rb") as f:
    raw = f.read()
n, h, w = (int.from_bytes(raw[i : i + 4], "big") for i in (4, 8, 12))
x = np.frombuffer(raw, dtype=np.uint8, offset=16).reshape(n, h * w)
loaded_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
cpu_start = time.process_time()
model = PCA(n_components=16, svd_solver=solver, random_state=0).fit(x)
projected = model.transform(x)
seconds = time.perf_counter() - start
cpu_seconds = time.process_time() - cpu_start
print(
    json.dumps(
        {
            "name": f"scikit-learn {sklearn.__version__} PCA(svd_solver='{solver}')",
            "seconds": seconds,
            "cpuSeconds": cpu_seconds,
            "peakRssMb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "loadedRssMb": loaded_kb / 1024,
            "ratios": model.explained_variance_ratio_.tolist(),
            "shape": list(projected.shape),
        }
    )
)
