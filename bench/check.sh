#!/usr/bin/env bash
# Benchmark: `acs-logs check` side by side with the peer validators of ../shared/bench/peers.sh,
# on the same generated NDJSON, in one run. Reports MB/s (median of repeats) and peak memory
# (/usr/bin/time -v), and writes the table to bench/RESULTS.md.
#
#   bench/check.sh [SIZE ...]        default: 300MB
#
# Environment:
#   SHARED_BENCH  the shared bench kit          (default: ../shared/bench beside the repository)
#   BENCH_DIR     where data and results go     (default: /tmp/acs-bench; never the repository)
#   PEERS_DIR     installed peers               (default: /tmp/acs-peers; installed when missing)
#   REPEAT        runs per tool                 (default: 5)
#   NO_VARIANTS   set to skip acs-logs on the gzip, 10,000-file and one-worker variants
#   PEERS         peers for inputs up to 1 GB   (default: all of peers.sh's default set)
#   PEERS_LARGE   peers for larger inputs       (default: the streaming ones; the array-based
#                 CLIs need the whole input in memory, and ajv-cli cannot read over ~512 MiB)
#   JOBS          acs-logs --jobs               (default: all cores)
#
# The data are made by gen_acs_logs.py --seed 1 --drift-rate 0.01 and kept under BENCH_DIR for
# later runs. acs-logs runs with full drift detection (the default, nothing turned off) and
# writes its JSON report to a file, so its cost is included.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
shared=${SHARED_BENCH:-$repo/../shared/bench}
bench_dir=${BENCH_DIR:-/tmp/acs-bench}
export PEERS_DIR=${PEERS_DIR:-/tmp/acs-peers}
repeat=${REPEAT:-5}
peers=${PEERS:-floor-cat,floor-pyjson,jsonschema-cli,ajv-cli,check-jsonschema,jsonschema-rs-py,pyjsonschema,ajv-lines}
peers_large=${PEERS_LARGE:-floor-cat,jsonschema-rs-py,ajv-lines}
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(300MB)
mkdir -p "$bench_dir"

if [ ! -x "$shared/peers.sh" ] || [ ! -f "$shared/gen_acs_logs.py" ]; then
  echo "bench/check.sh: no bench kit at $shared (peers.sh, gen_acs_logs.py): set SHARED_BENCH to the kit's folder" >&2
  exit 2
fi

echo "== building acs-logs (release)" >&2
(cd "$repo" && cargo build --release --locked -p acs-log-validator >&2)
target_dir=${CARGO_TARGET_DIR:-$repo/target}
acs_logs=$target_dir/release/acs-logs

if [ ! -x "$PEERS_DIR/venv/bin/python" ] || [ ! -d "$PEERS_DIR/npm/node_modules/ajv" ]; then
  echo "== installing peers into $PEERS_DIR" >&2
  "$shared/peers.sh" install "$PEERS_DIR" >&2
fi

results=$bench_dir/results.tsv
rm -f "$results"
machine="$(nproc) cores, $(awk '/MemTotal/{printf "%.0f GB", $2/1048576}' /proc/meminfo), $(uname -sr)"

# run_ours TAG LABEL MODE INPUT BYTES: REPEAT timed runs of acs-logs, one TSV row each. MB are
# the uncompressed NDJSON bytes, so every variant's MB/s compares with the plain file's.
run_ours() {
  local tag=$1 label=$2 mode=$3 input=$4 bytes=$5
  local mb; mb=$(awk -v b="$bytes" 'BEGIN{printf "%.1f", b/1e6}')
  for i in $(seq 1 "$repeat"); do
    sync
    local t0 t1 wall rss code findings rate
    t0=$(date +%s%N)
    set +e
    /usr/bin/time -v -o "$bench_dir/acs-logs.time" \
      "$acs_logs" check "$input" --format json --output "$bench_dir/acs-logs.$tag.json" --quiet ${JOBS:+--jobs "$JOBS"}
    set -e
    t1=$(date +%s%N)
    wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.3f", (b-a)/1e9}')
    rss=$(awk -F': ' '/Maximum resident set size/{printf "%.0f", $2/1024}' "$bench_dir/acs-logs.time")
    code=$(awk -F': ' '/Exit status/{print $2}' "$bench_dir/acs-logs.time")
    findings=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["findings"]))' "$bench_dir/acs-logs.$tag.json")
    rate=$(awk -v m="$mb" -v w="$wall" 'BEGIN{printf "%.1f", m/w}')
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$tag" "$label" "$mode" "$mb" "$wall" "$rate" "$rss" "$code" "$findings" | tee -a "$results"
  done
}

for size in "${sizes[@]}"; do
  data=$bench_dir/acs-$size.ndjson
  if [ ! -s "$data" ]; then
    echo "== generating $data" >&2
    python3 "$shared/gen_acs_logs.py" --bytes "$size" --seed 1 --drift-rate 0.01 \
      --truth "$bench_dir/acs-$size.truth" --out "$data" >&2
  fi
  bytes=$(stat -c %s "$data")
  list=$peers
  if [ "$bytes" -gt 1000000000 ]; then list=$peers_large; fi
  echo "== peers on $data ($list)" >&2
  "$shared/peers.sh" run "$data" "$shared/schemas/acs-resource-logs.schema.json" \
    --peers "$list" --repeat "$repeat" --tag "$size" --results "$results" --work "$bench_dir/work-$size" >&2

  echo "== acs-logs on $data" >&2
  run_ours "$size" "acs-logs check" ndjson "$data" "$bytes"
  if [ "$bytes" -le 1000000000 ] && [ -z "${NO_VARIANTS:-}" ]; then
    # The same bytes gzipped, split into 10,000 files, and checked by one worker.
    [ -s "$data.gz" ] || gzip -6 -c "$data" > "$data.gz"
    if [ ! -d "$bench_dir/small-$size" ]; then
      mkdir -p "$bench_dir/small-$size"
      (cd "$bench_dir/small-$size" && split -n l/10000 -a 5 -d --additional-suffix=.ndjson "$data" part-)
    fi
    run_ours "$size" "acs-logs check, gzip" ndjson+gzip "$data.gz" "$bytes"
    run_ours "$size" "acs-logs check, 10000 files" ndjson-files "$bench_dir/small-$size" "$bytes"
    JOBS=1 run_ours "$size" "acs-logs check --jobs 1" ndjson "$data" "$bytes"
  fi
done

# The table, and the ratio to the fastest real peer (floors are not validators) per input.
python3 - "$results" "$repo/bench/RESULTS.md" "$machine" "$*" <<'PY'
import csv, statistics, sys, subprocess, datetime
results, out, machine, sizes = sys.argv[1:5]
rows = {}
for r in csv.DictReader(open(results), delimiter="\t"):
    if r["tag"] == "tag":
        continue
    rows.setdefault((r["tag"], r["peer"]), []).append(r)
table = ["| input | tool | reads | MB | runs | wall s (median) | MB/s | peak RSS MB | exit |",
         "|---|---|---|---:|---:|---:|---:|---:|---:|"]
best = {}
ours = {}
for (tag, peer), rs in rows.items():
    walls = [float(r["wall_s"]) for r in rs]
    w = statistics.median(walls)
    mb = float(rs[0]["input_mb"])
    rate = mb / w if w > 0 else 0.0
    rss = max(int(r["max_rss_mb"]) for r in rs)
    codes = ",".join(sorted({r["exit_code"] for r in rs}))
    table.append("| %s | %s | %s | %.0f | %d | %.2f (%.2f-%.2f) | %.1f | %d | %s |"
                 % (tag, peer, rs[0]["mode"], mb, len(rs), w, min(walls), max(walls), rate, rss, codes))
    if peer.startswith("acs-logs"):
        ours.setdefault(tag, {})[peer] = (rate, rss)
    elif rs[0]["mode"] == "lines" and int(codes.split(",")[0]) in (0, 1):
        # The yardstick is the fastest streaming peer: the array-file CLIs hold the whole input.
        if rate > best.get(tag, ("", 0.0))[1]:
            best[tag] = (peer, rate)
lines = ["## `bench/check.sh %s`" % (sizes or "300MB"), "",
         "On %s, %s (UTC). Data: `gen_acs_logs.py --bytes SIZE --seed 1 "
         "--drift-rate 0.01` (NDJSON, Log Analytics shape). `acs-logs check` runs with full drift "
         "detection and writes its JSON report; peers validate against the bench kit's schema with "
         "formats asserted. MB/s are medians of the runs; peak RSS is the largest of them."
         % (machine, datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M")), ""]
lines += table + ["", "| input | acs-logs run | MB/s | fastest streaming peer | its MB/s | ratio | time vs the plain run | peak RSS MB |",
                  "|---|---|---:|---|---:|---:|---:|---:|"]
for tag, runs in ours.items():
    peer, prate = best.get(tag, ("-", 0.0))
    plain = runs.get("acs-logs check", (0.0, 0))[0]
    for label, (rate, rss) in runs.items():
        ratio = ("%.2fx" % (rate / prate)) if prate else "-"
        slower = ("%.2fx" % (plain / rate)) if rate and plain else "-"
        lines.append("| %s | %s | %.1f | %s | %.1f | %s | %s | %d |" % (tag, label, rate, peer, prate, ratio, slower, rss))
open(out, "a").write("\n".join(lines) + "\n\n")
print("\n".join(lines))
PY
