"""Writes test/fixtures/pyyaml-run-meta.yaml and pyyaml-hostile.json: a run meta.yaml as MLflow's
PyYAML SafeDumper writes it (sort_keys, block style, allow_unicode), with hostile names, so the TS
reader is tested against the real emitter and the TS emitter's output is checked against
SafeLoader in `check_yaml_roundtrip.py`. Run with Debian's /usr/bin/python3 (needs PyYAML)."""
import json
import yaml

HOSTILE = ["yes", "2024-01-01", "1:30", "a: b", "Ψ-ansatz", "0x1f", "012", "~", "1.0e+5",
           "it's", "line1\nline2", "  padded ", "on", "-x", "123", "true", "qml: demo",
           "a very long run name with spaces that PyYAML will fold across several lines because it is longer than eighty chars"]

meta = {
    "artifact_uri": "file:///tmp/mlruns/1/abc/artifacts",
    "end_time": None,
    "entry_point_name": "",
    "experiment_id": "562681461366722149",
    "lifecycle_stage": "active",
    "run_id": "0123456789abcdef0123456789abcdef",
    "run_uuid": "0123456789abcdef0123456789abcdef",
    "run_name": HOSTILE[-1],
    "source_name": "",
    "source_type": 4,
    "source_version": "",
    "start_time": 1700000000000,
    "status": 3,
    "tags": [],
    "user_id": "1:30",
}
with open("test/fixtures/pyyaml-run-meta.yaml", "w", encoding="utf-8") as f:
    yaml.safe_dump(meta, f, default_flow_style=False, allow_unicode=True, sort_keys=True)
with open("test/fixtures/pyyaml-hostile.yaml", "w", encoding="utf-8") as f:
    yaml.safe_dump({f"k{i:02d}": v for i, v in enumerate(HOSTILE)}, f,
                   default_flow_style=False, allow_unicode=True, sort_keys=True)
with open("test/fixtures/pyyaml-hostile.json", "w", encoding="utf-8") as f:
    json.dump(HOSTILE, f, ensure_ascii=False)
