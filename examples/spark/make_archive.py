#!/usr/bin/env python3
"""Makes a Storage-account archive tree of ACS logs for the Spark test and benchmark: records
from the shared generator (`gen_acs_logs.py --format storage`, the common schema) cut into
`insights-logs-<category>/resourceId=/.../y=/m=/d=/h=/m=00/PT1H.json` blobs.

    python3 examples/spark/make_archive.py --records 300000 --out DIR [--per-blob 2000]
"""

import argparse
import json
import os
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
RESOURCE = ("SUBSCRIPTIONS", "00000000-0000-0000-0000-000000000000", "RESOURCEGROUPS", "RG",
            "PROVIDERS", "MICROSOFT.COMMUNICATION", "COMMUNICATIONSERVICES", "ACS")


def generator():
    """gen_acs_logs.py: $ACS_GEN, ../shared beside the clone (CI), or /work/shared; else None."""
    for candidate in [os.environ.get("ACS_GEN", ""), ROOT.parent / "shared/bench/gen_acs_logs.py",
                      pathlib.Path("/work/shared/bench/gen_acs_logs.py")]:
        if candidate and pathlib.Path(candidate).is_file():
            return pathlib.Path(candidate)
    return None


def write_archive(source, archive, per_blob=2000):
    """Cuts JSON Lines records into PT1H.json blobs by category; returns the number of blobs."""
    by_category = {}
    with open(source, encoding="utf-8") as handle:
        for line in handle:
            try:
                category = json.loads(line).get("category", "unknown")
            except ValueError:
                category = "unknown"
            by_category.setdefault(str(category).lower(), []).append(line)
    blobs = 0
    for category, lines in sorted(by_category.items()):
        for start in range(0, len(lines), per_blob):
            hour = start // per_blob
            folder = pathlib.Path(archive, f"insights-logs-{category}", "resourceId=", *RESOURCE,
                                  "y=2024", "m=05", f"d={1 + hour // 24:02d}", f"h={hour % 24:02d}", "m=00")
            folder.mkdir(parents=True, exist_ok=True)
            (folder / "PT1H.json").write_text("".join(lines[start:start + per_blob]), encoding="utf-8")
            blobs += 1
    return blobs


def make(records, archive, per_blob=2000, seed=14, drift_rate=0.02):
    gen = generator()
    if gen is None:
        raise FileNotFoundError("gen_acs_logs.py not found: set ACS_GEN, or keep shared/ beside the clone")
    archive = pathlib.Path(archive)
    archive.mkdir(parents=True, exist_ok=True)
    source = archive.parent / (archive.name + ".ndjson")
    subprocess.run([sys.executable, str(gen), "--format", "storage", "--records", str(records),
                    "--drift-rate", str(drift_rate), "--seed", str(seed), "--out", str(source), "--quiet"],
                   check=True)
    try:
        return write_archive(source, archive, per_blob)
    finally:
        source.unlink()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=300000)
    parser.add_argument("--per-blob", type=int, default=2000)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    print(make(args.records, args.out, args.per_blob), "blobs")
