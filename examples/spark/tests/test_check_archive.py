"""The Spark job in Spark local mode (two executor threads) gives the JSON report of
`acs-logs check` on the same inputs: on the bundled samples, and on a generated Storage archive
of a few hundred thousand records in many blobs and partitions.

Needs: the `acs_logs` wheel and pyspark in this Python, Java 17, and the `acs-logs` binary
(ACS_LOGS, default target/debug/acs-logs). Installs happen in .ci/setup, never here.
"""

import json
import os
import pathlib
import shutil
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "examples/spark"))
import make_archive  # noqa: E402
JOB = ROOT / "examples/spark/check_archive.py"
ACS_LOGS = os.environ.get("ACS_LOGS", str(ROOT / "target/debug/acs-logs"))
RECORDS = int(os.environ.get("SPARK_TEST_RECORDS", "300000"))
RECORDS_PER_BLOB = 2000


def spark_submit(args, tmp_path):
    env = {**os.environ, "PYSPARK_PYTHON": sys.executable, "PYSPARK_DRIVER_PYTHON": sys.executable}
    submit = shutil.which("spark-submit", path=str(pathlib.Path(sys.executable).parent)) or "spark-submit"
    run = subprocess.run(
        [submit, "--master", "local[2]", "--conf", "spark.ui.enabled=false",
         "--conf", f"spark.local.dir={tmp_path}", str(JOB), *args],
        capture_output=True, env=env, cwd=ROOT, timeout=900,
    )
    return run


def check(args):
    run = subprocess.run([ACS_LOGS, "check", *args], capture_output=True, cwd=ROOT,
                         env={**os.environ, "NO_COLOR": "1"}, timeout=900)
    assert run.returncode in (0, 1), run.stderr.decode()
    return run


def assert_same_report(path, tmp_path, fail_on="error"):
    out = tmp_path / "spark.json"
    spark = spark_submit([str(path), "--format", "json", "--output", str(out), "--fail-on", fail_on], tmp_path)
    single = check([str(path), "--format", "json", "--fail-on", fail_on])
    assert spark.returncode == single.returncode, spark.stderr.decode()[-3000:]
    expected = single.stdout.decode()
    got = out.read_text(encoding="utf-8")
    report = json.loads(got)
    # Findings, counts and places, and then every byte.
    assert report["summary"] == json.loads(expected)["summary"]
    assert report["findings"] == json.loads(expected)["findings"]
    assert got == expected
    return report


LOG_SUFFIXES = (".json", ".jsonl", ".ndjson", ".csv", ".log", ".txt", ".avro")


def log_files_only(source, target):
    """Copies the exports under `source`, leaving out what is not an export (a README, the
    script that made the samples): `acs-logs check` reports those as skipped paths of its walk,
    while the Spark job reads the files it is given. The inputs are then the same."""
    for path in sorted(source.rglob("*")):
        name = path.name.lower().removesuffix(".gz")
        if path.is_file() and name.endswith(LOG_SUFFIXES):
            destination = target / path.relative_to(source)
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, destination)
    return target


def test_bundled_samples(tmp_path):
    exports = log_files_only(ROOT / "examples/exports", tmp_path / "exports")
    report = assert_same_report(exports, tmp_path)
    assert len(report["summary"]["inputs"]) >= 8
    assert report["summary"]["records"]["total"] > 0


def test_generated_archive(tmp_path):
    if make_archive.generator() is None:
        pytest.skip("gen_acs_logs.py not found (set ACS_GEN, or keep shared/ beside the clone)")
    archive = tmp_path / "archive"
    blobs = make_archive.make(RECORDS, archive, RECORDS_PER_BLOB)
    assert blobs >= RECORDS // RECORDS_PER_BLOB
    report = assert_same_report(archive, tmp_path, fail_on="warning")
    assert report["summary"]["records"]["total"] == RECORDS
    assert len(report["summary"]["inputs"]) == blobs
