"""The Python API of acs_logs: same reports as the CLI, bad input as findings, never a crash."""

import json
import os
import pathlib
import subprocess

import pytest

import acs_logs

ROOT = pathlib.Path(__file__).resolve().parents[2]
SMS = ROOT / "examples/exports/log-analytics/sms-clean.ndjson"
DRIFT = ROOT / "examples/exports/log-analytics/all-categories-drift.ndjson"
ACS_LOGS = os.environ.get("ACS_LOGS", str(ROOT / "target/debug/acs-logs"))


@pytest.fixture(scope="module")
def index():
    return acs_logs.Index()


def cli(*args):
    run = subprocess.run([ACS_LOGS, *args], capture_output=True, cwd=ROOT, env={**os.environ, "NO_COLOR": "1"})
    assert run.returncode in (0, 1), run.stderr
    return run.stdout.decode(), run.returncode


def lines_of(path, name):
    with open(path, "rb") as handle:
        return [(name, line) for line in handle]


def test_lines_give_the_cli_report_byte_for_byte(index):
    name = str(DRIFT.relative_to(ROOT))
    partial = index.check_lines(lines_of(DRIFT, name))
    for fmt in ["json", "text", "sarif", "markdown", "junit", "github"]:
        expected, code = cli("check", name, "--format", fmt)
        assert index.report(partial, fmt) == expected, fmt
        assert index.exit_code(partial) == code


def test_str_lines_records_and_files_agree(index):
    name = str(SMS.relative_to(ROOT))
    expected, _ = cli("check", name, "--format", "json")
    text = SMS.read_text(encoding="utf-8")
    as_str = index.check_lines((name, line) for line in text.splitlines())
    as_records = index.check_records((name, json.loads(line)) for line in text.splitlines())
    as_file = index.check_files([(name, SMS.read_bytes())])
    for partial in [as_str, as_file]:
        assert index.report(partial) == expected
    # Parsed records are re-serialised, so values keep their meaning but not their spelling:
    # the counts and findings must agree.
    got = json.loads(index.report(as_records))
    want = json.loads(expected)
    assert got["summary"]["records"] == want["summary"]["records"]
    assert [(f["id"], f.get("field")) for f in got["findings"]] == [(f["id"], f.get("field")) for f in want["findings"]]


def test_merge_in_any_order_equals_one_check(index):
    name_a, name_b = str(SMS.relative_to(ROOT)), str(DRIFT.relative_to(ROOT))
    a = index.check_lines(lines_of(SMS, name_a))
    b = index.check_lines(lines_of(DRIFT, name_b))
    both = index.check_lines(lines_of(DRIFT, name_b) + lines_of(SMS, name_a))
    expected, _ = cli("check", name_b, name_a, "--format", "json")
    assert index.report(a.merge(b)) == index.report(b.merge(a)) == index.report(both) == expected
    assert index.report(index.empty().merge(a)) == index.report(a)
    assert a.merge(b).inputs == sorted([name_a, name_b])


def test_partials_round_trip_and_merge_with_the_cli(index, tmp_path):
    name = str(SMS.relative_to(ROOT))
    partial = index.check_lines(lines_of(SMS, name))
    data = partial.to_bytes()
    assert data.startswith(b"acs-logs-partial %d " % acs_logs.FORMAT_VERSION)
    assert index.report(index.read_partial(data)) == index.report(partial)
    path = tmp_path / "p.partial"
    partial.write(path)
    merged, _ = cli("merge", str(path), "--format", "json")
    assert merged == index.report(partial)
    with pytest.raises(acs_logs.AcsLogsError, match="truncated partial"):
        index.read_partial(data[:-5])
    with pytest.raises(acs_logs.AcsLogsError, match="not an acs-logs partial"):
        index.read_partial(b"garbage")


def test_bad_input_becomes_findings_not_a_crash(index):
    huge = "x" * (5 << 20)
    items = [
        ("bad", 42),
        ("bad", None),
        ("bad", b"\xff\xfe{not utf-8"),
        ("bad", "\udcff surrogate"),
        ("bad", huge),
        ("bad", ["a", "list"]),
        ("bad", '{"Category": "SMSOperational"'),
        ("bad", ""),
    ]
    report = json.loads(index.report(index.check_lines(items)))
    records = report["summary"]["records"]
    assert records["unreadable"] == 7
    assert records["total"] == 7
    unreadable = next(f for f in report["findings"] if f["id"] == "unreadable-record")
    assert unreadable["count"] == 7
    records_report = json.loads(index.report(index.check_records([("r", {"x": float("nan")}), ("r", object())])))
    assert records_report["summary"]["records"]["unreadable"] == 2


def test_misuse_raises_python_errors(index):
    with pytest.raises(TypeError):
        index.check_lines([("only one element",)])
    with pytest.raises(TypeError):
        index.check_lines([(3, "{}")])
    with pytest.raises(TypeError):
        index.check_lines(5)
    partial = index.check_lines([])
    with pytest.raises(ValueError):
        index.report(partial, "pdf")
    with pytest.raises(ValueError):
        index.report(partial, "json", fail_on="sometimes")
    with pytest.raises(acs_logs.AcsLogsError):
        acs_logs.Index(schemas="/nonexistent/schemas")
    # A category hint the catalog lacks is a mistake to hear about, not a record without one.
    with pytest.raises(ValueError, match="NotACategory"):
        index.check_lines([("c", '{"x": 1}', "NotACategory")])
    assert index.check_lines([("c", '{"x": 1}', "smsoperational")]).records == 1
    with pytest.raises(ValueError, match="lone surrogate"):
        index.check_lines([("\udc80", "{}")])
    with pytest.raises(ValueError, match="jobs must be 0"):
        index.check_files([("f.ndjson", b"{}")], jobs=-1)


def test_the_catalog_is_the_embedded_one():
    categories = {entry["category"]: entry for entry in acs_logs.catalog()}
    assert "SMSOperational" in categories
    assert categories["SMSOperational"]["table"] == "ACSSMSIncomingOperations"
    schema = json.loads(acs_logs.schema("SMSOperational"))
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert acs_logs.schema("NoSuchCategory") is None
