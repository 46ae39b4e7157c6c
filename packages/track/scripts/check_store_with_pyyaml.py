"""Reads a Q-Store-written MLflow file store the way MLflow's FileStore does (PyYAML SafeLoader,
float() on metric values) and fails on anything MLflow would reject or misread: non-string names
or ids, ids that differ from their folder, status outside 1..5, missing run_uuid, metric lines
float() cannot read. Usage: /usr/bin/python3 scripts/check_store_with_pyyaml.py ./mlruns"""
import os
import sys
import yaml

root = sys.argv[1]
problems, runs, points = [], 0, 0
for exp in sorted(os.listdir(root)):
    exp_dir = os.path.join(root, exp)
    if exp in (".trash", "models") or not os.path.isdir(exp_dir):
        continue
    meta = yaml.safe_load(open(os.path.join(exp_dir, "meta.yaml"), encoding="utf-8"))
    if meta["experiment_id"] != exp or not isinstance(meta["name"], str):
        problems.append(f"experiment {exp}: {meta!r}")
    for run in sorted(os.listdir(exp_dir)):
        run_dir = os.path.join(exp_dir, run)
        if run == "tags" or not os.path.isdir(run_dir):
            continue
        runs += 1
        rmeta = yaml.safe_load(open(os.path.join(run_dir, "meta.yaml"), encoding="utf-8"))
        ok = (rmeta["run_id"] == run and rmeta.get("run_uuid") == run and rmeta["experiment_id"] == exp
              and isinstance(rmeta["run_name"], str) and rmeta["status"] in (1, 2, 3, 4, 5)
              and rmeta["tags"] == [] and isinstance(rmeta["user_id"], str))
        if not ok:
            problems.append(f"run {exp}/{run}: {rmeta!r}")
        for base, _, files in os.walk(os.path.join(run_dir, "metrics")):
            for name in files:
                for line in open(os.path.join(base, name), encoding="utf-8").read().splitlines():
                    ts, value, step = line.split(" ")
                    int(ts), float(value), int(step)
                    points += 1
print(f"{runs} runs, {points} metric points read like MLflow; problems: {problems or 'none'}")
sys.exit(1 if problems else 0)
