#!/usr/bin/env bash
# Benchmark: `acs-logs check` reading a diagnostic-settings archive from Blob Storage (Azurite on
# loopback) against the same tree on local disk, in one run. Reports the median wall time of
# REPEAT runs each, MB/s, the ratio, and peak memory (/usr/bin/time -v); writes bench/BLOB.md.
#
#   bench/blob.sh [SIZE]             default: 300MB
#
# Environment:
#   SHARED_BENCH  the shared bench kit      (default: ../shared/bench beside the repository)
#   BENCH_DIR     where data and results go (default: /tmp/acs-bench; never the repository)
#   REPEAT        runs per side             (default: 5)
#   BLOB_MB       size of one hourly blob   (default: 4)
#
# The data: gen_acs_logs.py --format storage (the resource-log shape Storage archives hold),
# split by category into insights-logs-<category>/resourceId=/…/y=/m=/d=/h=/m=00/PT1H.json
# blobs of about BLOB_MB each, one hour apart. Azurite comes from .ci/setup.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
shared=${SHARED_BENCH:-$repo/../shared/bench}
bench_dir=${BENCH_DIR:-/tmp/acs-bench}
repeat=${REPEAT:-5}
blob_mb=${BLOB_MB:-4}
size=${1:-300MB}
mkdir -p "$bench_dir"

bash "$repo/.ci/setup"
echo "== building acs-logs and the Azurite loader (release)" >&2
(cd "$repo" && cargo build --release --locked -p acs-log-validator --bin acs-logs --example azurite_load >&2)
target_dir=${CARGO_TARGET_DIR:-$repo/target}
acs_logs=$target_dir/release/acs-logs
loader=$target_dir/release/examples/azurite_load

data=$bench_dir/acs-$size.storage.ndjson
if [ ! -s "$data" ]; then
  echo "== generating $data" >&2
  python3 "$shared/gen_acs_logs.py" --bytes "$size" --seed 1 --drift-rate 0.01 --format storage \
    --out "$data" >&2
fi
tree=$bench_dir/tree-$size
if [ ! -d "$tree" ]; then
  echo "== splitting into hourly blobs of ~${blob_mb} MB under $tree" >&2
  python3 - "$data" "$tree" "$blob_mb" <<'PY'
import json, os, sys
data, tree, blob_mb = sys.argv[1], sys.argv[2], int(sys.argv[3])
resource = "SUBSCRIPTIONS/7F3C2A10-58C2-4C9B-9A3E-1D2F6E8B0C44/RESOURCEGROUPS/RG-COMMS-PROD/PROVIDERS/MICROSOFT.COMMUNICATION/COMMUNICATIONSERVICES/ACS-PROD-01"
state = {}  # category -> [hour index, bytes in current blob, open file]
with open(data, "rb") as lines:
    for line in lines:
        category = json.loads(line).get("category", "unknown").lower()
        hour, size, handle = state.get(category, [0, 0, None])
        if handle is None or size >= blob_mb << 20:
            if handle:
                handle.close()
                hour += 1
            day, h = 1 + hour // 24, hour % 24
            path = f"{tree}/insights-logs-{category}/resourceId=/{resource}/y=2024/m=05/d={day:02}/h={h:02}/m=00/PT1H.json"
            os.makedirs(os.path.dirname(path), exist_ok=True)
            handle, size = open(path, "wb"), 0
        handle.write(line)
        state[category] = [hour, size + len(line), handle]
for _, _, handle in state.values():
    handle.close()
PY
fi
blobs=$(find "$tree" -type f | wc -l)
bytes=$(find "$tree" -type f -printf '%s\n' | awk '{s+=$1} END {print s}')
containers=$(cd "$tree" && ls -d insights-logs-*)

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
store=$bench_dir/azurite-$size
rm -rf "$store"
"$repo/.tools/node_modules/.bin/azurite-blob" --blobHost 127.0.0.1 --blobPort "$port" \
  --location "$store" --silent --skipApiVersionCheck --disableProductStyleUrl >/dev/null 2>&1 &
azurite=$!
trap 'kill $azurite 2>/dev/null || true; rm -rf "$store"' EXIT
for _ in $(seq 1 100); do (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.1; done
echo "== uploading $blobs blobs ($bytes bytes) to Azurite on 127.0.0.1:$port" >&2
start=$(date +%s.%N)
connection=$("$loader" "$port" "$tree")
upload_s=$(printf '%.0f' "$(echo "$(date +%s.%N) - $start" | bc)")

local_args=()
blob_args=()
for container in $containers; do
  local_args+=("$tree/$container")
  blob_args+=("az://$container/")
done

# One timed run: prints "seconds peak_kib".
timed() {
  /usr/bin/time -f '%e %M' -o "$bench_dir/time.txt" "$@" >/dev/null 2>"$bench_dir/stderr.txt" || true
  tail -n 1 "$bench_dir/time.txt"
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

: >"$bench_dir/blob-times.tsv"
for run in $(seq 1 "$repeat"); do
  # Alternate the order so neither side always runs with a warmer machine.
  for side in local blob; do
    if [ $((run % 2)) -eq 0 ]; then side=$([ "$side" = local ] && echo blob || echo local); fi
    if [ "$side" = local ]; then
      read -r seconds kib < <(timed "$acs_logs" check --format json --output "$bench_dir/report-local.json" "${local_args[@]}")
    else
      read -r seconds kib < <(AZURE_STORAGE_CONNECTION_STRING=$connection timed "$acs_logs" check --format json --output "$bench_dir/report-blob.json" "${blob_args[@]}")
    fi
    printf '%s\t%s\t%s\n' "$side" "$seconds" "$kib" >>"$bench_dir/blob-times.tsv"
  done
done

same=$(python3 - "$bench_dir/report-local.json" "$bench_dir/report-blob.json" "$tree/" <<'PY'
import json, sys
local = open(sys.argv[1]).read().replace(sys.argv[3], "")
blob = open(sys.argv[2]).read().replace("az://", "")
print("identical" if json.loads(local) == json.loads(blob) else "DIFFERENT")
PY
)
local_s=$(awk '$1=="local"{print $2}' "$bench_dir/blob-times.tsv" | median)
blob_s=$(awk '$1=="blob"{print $2}' "$bench_dir/blob-times.tsv" | median)
local_kib=$(awk '$1=="local"{print $3}' "$bench_dir/blob-times.tsv" | sort -n | tail -1)
blob_kib=$(awk '$1=="blob"{print $3}' "$bench_dir/blob-times.tsv" | sort -n | tail -1)
mb=$(echo "scale=1; $bytes / 1000000" | bc)
machine="$(nproc) cores, $(awk '/MemTotal/{printf "%.0f GB", $2/1048576}' /proc/meminfo), $(uname -sr)"

{
  echo "# acs-logs check: Blob Storage (Azurite) against the same tree on local disk"
  echo
  echo "\`bench/blob.sh $size\` on $(date -u +%Y-%m-%d), $machine. $blobs hourly blobs, $mb MB in"
  echo "all, $(echo "$containers" | wc -w) containers; median of $repeat runs each, sides alternated. Azurite"
  echo "$(grep '"version"' "$repo/.tools/node_modules/azurite/package.json" | tr -dc '0-9.') on loopback, on the same 2 cores as acs-logs."
  echo
  echo "| side | median wall | throughput | peak RSS |"
  echo "|---|---:|---:|---:|"
  echo "| local tree | ${local_s} s | $(echo "scale=0; $bytes / $local_s / 1000000" | bc) MB/s | $((local_kib / 1024)) MB |"
  echo "| Blob Storage (az://) | ${blob_s} s | $(echo "scale=0; $bytes / $blob_s / 1000000" | bc) MB/s | $((blob_kib / 1024)) MB |"
  echo
  echo "Blob Storage takes $(printf '%.2f' "$(echo "scale=3; $blob_s / $local_s" | bc)")x the local time. The reports: $same (input names aside)."
  echo "Load average when the runs ended: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine slows both sides alike)."
  echo "Uploading the tree took ${upload_s} s (not counted)."
} >"$repo/bench/BLOB.md"
cat "$repo/bench/BLOB.md"
