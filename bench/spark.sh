#!/usr/bin/env bash
# The Spark job against `acs-logs check` on the same generated Storage archive, on this machine:
# the ratio is the engine's overhead (JVM, Python workers, moving bytes through binaryFiles).
#
#   bench/spark.sh [RECORDS]        (default 300000; REPEAT=3 runs of each, medians)
#
# Needs: a release `acs-logs` (cargo build --release -p acs-log-validator), the acs_logs wheel
# and pyspark in .tools/venv (bash .ci/setup; maturin build --release in python/), Java 17.
set -euo pipefail
cd "$(dirname "$0")/.."
RECORDS=${1:-300000}
REPEAT=${REPEAT:-3}
VENV=.tools/venv
BIN=target/release/acs-logs
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

"$VENV/bin/python" examples/spark/make_archive.py --records "$RECORDS" --out "$WORK/archive" >/dev/null
MB=$(du -sm --apparent-size "$WORK/archive" | cut -f1)
BLOBS=$(find "$WORK/archive" -name PT1H.json | wc -l)

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
seconds() { local start end; start=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; end=$(date +%s.%N); echo "$end - $start" | bc; }

CHECK=$(for _ in $(seq "$REPEAT"); do seconds "$BIN" check "$WORK/archive" --format json --output "$WORK/check.json"; done | median)
SPARK=$(for _ in $(seq "$REPEAT"); do
  seconds env PYSPARK_PYTHON="$PWD/$VENV/bin/python" PYSPARK_DRIVER_PYTHON="$PWD/$VENV/bin/python" \
    "$VENV/bin/spark-submit" --master 'local[2]' --conf spark.ui.enabled=false \
    examples/spark/check_archive.py "$WORK/archive" --format json --output "$WORK/spark.json"
done | median)
SAME=$(cmp -s "$WORK/check.json" "$WORK/spark.json" && echo yes || echo NO)

echo "On $(nproc) cores, $(date -u '+%Y-%m-%d %H:%M') (UTC). Archive: $RECORDS records (gen_acs_logs.py --format storage --seed 14 --drift-rate 0.02), $BLOBS PT1H.json blobs, $MB MB. Medians of $REPEAT runs; wall time including start-up."
echo
echo "| run | wall s | MB/s | records/s | report identical |"
echo "|---|---:|---:|---:|---|"
printf '| `acs-logs check` (all cores) | %.1f | %.0f | %.0f | — |\n' "$CHECK" "$(echo "$MB / $CHECK" | bc -l)" "$(echo "$RECORDS / $CHECK" | bc -l)"
printf '| Spark job, `local[2]` | %.1f | %.0f | %.0f | %s |\n' "$SPARK" "$(echo "$MB / $SPARK" | bc -l)" "$(echo "$RECORDS / $SPARK" | bc -l)" "$SAME"
printf '\nRatio (Spark wall time / check wall time): **%.1fx**\n' "$(echo "$SPARK / $CHECK" | bc -l)"
