#!/usr/bin/env python3
"""Regenerates the bundled sample exports in examples/exports/ (small, deterministic).

Drifted samples are the benchmark generator's output as it is (../shared/bench/gen_acs_logs.py,
fixed seeds). Clean samples are the same records projected onto the documented schemas: only the
documented columns (plus the workspace columns), values mapped into the documented enumerations,
and the documented columns the generator does not emit filled in. Run from the repository root:

    python3 examples/exports/make_examples.py [PATH/TO/gen_acs_logs.py]
"""

import csv
import gzip
import io
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GEN = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "..", "shared", "bench", "gen_acs_logs.py")
SCHEMAS = os.path.join(ROOT, "schemas", "acs")
OUT = os.path.join(ROOT, "examples", "exports")

CATALOG = json.load(open(os.path.join(SCHEMAS, "catalog.json")))
WORKSPACE = set(CATALOG["envelope"]["workspaceColumns"])
FLAT_TO_ENVELOPE = {column: key for key, column in CATALOG["envelope"]["fields"].items()}
RESOURCE_ID = ("/SUBSCRIPTIONS/7F3C2A10-58C2-4C9B-9A3E-1D2F6E8B0C44/RESOURCEGROUPS/RG-COMMS-PROD"
               "/PROVIDERS/MICROSOFT.COMMUNICATION/COMMUNICATIONSERVICES/ACS-PROD-01")


def schema(category):
    entry = next(c for c in CATALOG["categories"] if c["category"] == category)
    return json.load(open(os.path.join(SCHEMAS, entry["schema"])))


def generate(*args):
    out = subprocess.run([sys.executable, GEN, "--quiet", "--out", "-", *args],
                         check=True, capture_output=True, text=True).stdout
    return out


def records(*args):
    return [json.loads(line) for line in generate(*args).splitlines() if line.strip()]


# Values the generator uses, mapped into what the pages document.
ENUM_MAP = {
    "NumberType": {"TollFree": "LongCodeNumber", "LongCode": "LongCodeNumber",
                   "ShortCode": "ShortCodeNumber", "AlphaNumeric": "DynamicAlphaSenderID"},
    "OperationName": {"UpdateRoom": "PatchRoom", "ListParticipants": "GetParticipants"},
}


def clean(record):
    """Projects a generator record onto its category's documented columns."""
    category = record["Category"]
    properties = schema(category)["properties"]
    out = {}
    for key, value in record.items():
        if key in properties or key in WORKSPACE:
            out[key] = ENUM_MAP.get(key, {}).get(value, value) if isinstance(value, str) else value
    # Documented columns the generator does not emit.
    if "UserId" in properties and "UserId" not in out:
        out["UserId"] = record.get("Identity", "8:acs:00000000-0000-0000-0000-000000000000")
    if "Location" in properties and "Location" not in out:
        out["Location"] = "UnitedStates"
    return out


def nested(record):
    """A flat record in the resource-log common schema, as diagnostic settings write it."""
    out = {"time": record["TimeGenerated"], "resourceId": RESOURCE_ID}
    props = {}
    for key, value in record.items():
        if key == "TimeGenerated" or key in WORKSPACE:
            continue
        if key in FLAT_TO_ENVELOPE:
            out[FLAT_TO_ENVELOPE[key]] = value
        else:
            props[key] = value
    out["properties"] = props
    return out


def write(path, text, mode="w"):
    full = os.path.join(OUT, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, mode, **({} if "b" in mode else {"encoding": "utf-8", "newline": ""})) as f:
        f.write(text)


def ndjson(rows):
    return "".join(json.dumps(row, separators=(",", ":")) + "\n" for row in rows)


def main():
    # 1. Log Analytics JSON Lines, clean: SMS records as the docs describe them.
    sms = [clean(r) for r in records("--records", "24", "--seed", "11", "--mix", "SMSOperational")]
    write("log-analytics/sms-clean.ndjson", ndjson(sms))
    # 2. Log Analytics JSON Lines, drifted: every category, as the service emits them (each
    #    table's real columns), with one injected drift in about a quarter of the records.
    write("log-analytics/all-categories-drift.ndjson",
          generate("--records", "40", "--seed", "12", "--drift-rate", "0.3", "--truth",
                   os.path.join(ROOT, "tests", "fixtures", "recall", "all-categories-drift.truth.jsonl")))
    # 3. Log Analytics JSON array, clean: email send-mail records.
    email = [clean(r) for r in records("--records", "20", "--seed", "13", "--mix", "EmailSendMailOperational")]
    write("log-analytics/email-send-clean.json",
          "[\n" + ",\n".join(json.dumps(r, separators=(",", ":")) for r in email) + "\n]\n")
    # 4. Log Analytics query API response: chat rows as a query returns them (the Chat table's
    #    real columns, null ChatMessageId outside message operations: no drift).
    chat = records("--records", "12", "--seed", "14", "--mix", "ChatOperational")
    columns = list(dict.fromkeys(k for r in chat for k in r))
    kinds = {str: "string", int: "long", float: "real", bool: "bool"}
    table = {
        "name": "PrimaryResult",
        "columns": [{"name": c, "type": "datetime" if c == "TimeGenerated" else
                     kinds.get(type(next(r[c] for r in chat if c in r)), "dynamic")} for c in columns],
        "rows": [[r.get(c) for c in columns] for r in chat],
    }
    write("log-analytics/chat-query-response.json", json.dumps({"tables": [table]}, indent=1) + "\n")
    # 5. Log Analytics CSV export, drifted: rooms rows (the generator's CSV, every value text).
    write("log-analytics/rooms-export.csv", generate("--records", "16", "--seed", "15",
                                                     "--mix", "RoomsOperational", "--format", "csv"))
    # 6. Storage-account archive blob, clean: SMS in the resource-log common schema, in the
    #    folder tree diagnostic settings write.
    blob = ("storage/insights-logs-smsoperational/resourceId=" + RESOURCE_ID +
            "/y=2024/m=05/d=01/h=00/m=00/PT1H.json")
    write(blob, ndjson(nested(clean(r)) for r in
                       records("--records", "16", "--seed", "16", "--mix", "SMSOperational")))
    # 7. Event Hubs messages, drifted: call automation records in {"records": [...]} batches.
    write("eventhubs/call-automation.json", generate("--records", "24", "--seed", "17", "--mix",
                                                      "CallAutomationOperational", "--format",
                                                      "eventhubs", "--batch", "8"))
    # 8. gzip, drifted: usage records as the service emits them.
    usage = generate("--records", "20", "--seed", "18", "--mix", "Usage")
    write("gzip/usage.ndjson.gz", gzip.compress(usage.encode(), mtime=0), "wb")


if __name__ == "__main__":
    main()
