#!/usr/bin/env bash
# Benchmark (not a test) of the code generator on the ACS schemas:
#   1. generation time: acs-log-codegen turning all 8 category schemas (and common.schema.json)
#      into formatted Rust, process start to finish, median of $RUNS runs;
#   2. compile time of the generated types, ours against typify's output for the same schemas
#      (cargo-typify, from `cargo install cargo-typify`), each category in its own module, in two
#      otherwise identical crates: median of $RUNS incremental `cargo build`s after touching the
#      crate (dependencies already built), debug profile; an empty crate with the same
#      dependencies gives cargo's own share of that time.
# typify does not follow a `$ref` into another file, so for typify each category schema is
# bundled first: common.schema.json's $defs are copied in and the refs rewritten to #/$defs/...
#
# Usage: bench/codegen.sh            (RUNS=10 WORK=/tmp/acs-codegen-bench TYPIFY="cargo typify")
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${WORK:-/tmp/acs-codegen-bench}
RUNS=${RUNS:-10}
TYPIFY=${TYPIFY:-cargo typify}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}

$TYPIFY --help >/dev/null 2>&1 || { echo "needs $TYPIFY: cargo install cargo-typify" >&2; exit 1; }
rm -rf "$WORK" && mkdir -p "$WORK"

# Median wall time in milliseconds of running "$@" $RUNS times.
median_ms() {
    local times=()
    for _ in $(seq "$RUNS"); do
        local start end
        start=$(date +%s%N)
        "$@" >/dev/null 2>&1
        end=$(date +%s%N)
        times+=($(((end - start) / 1000000)))
    done
    printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

echo "== building the generator (release)"
cargo build -q --release -p acs-log-codegen --example generate
GENERATE=$CARGO_TARGET_DIR/release/examples/generate

echo "== generation time, all ACS schemas, $RUNS runs"
gen_ms=$(median_ms "$GENERATE" "$ROOT/schemas/acs")
"$GENERATE" "$ROOT/schemas/acs" >"$WORK/all.rs"
echo "acs-log-codegen: ${gen_ms} ms for $(ls "$ROOT"/schemas/acs/*.schema.json | wc -l) files, $(wc -l <"$WORK/all.rs") lines out"

echo "== bundling each category for typify"
mkdir -p "$WORK/bundled"
python3 - "$ROOT/schemas/acs" "$WORK/bundled" <<'PY'
import json, pathlib, sys
src, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
common = json.loads((src / "common.schema.json").read_text())["$defs"]
def rewrite(node):
    if isinstance(node, dict):
        return {k: (v.replace("common.schema.json#", "#") if k == "$ref" and isinstance(v, str) else rewrite(v))
                for k, v in node.items()}
    if isinstance(node, list):
        return [rewrite(v) for v in node]
    return node
for path in sorted(src.glob("*.schema.json")):
    if path.name == "common.schema.json":
        continue
    schema = rewrite(json.loads(path.read_text()))
    schema.setdefault("$defs", {}).update(common)
    (out / path.name).write_text(json.dumps(schema, indent=2))
PY

echo "== generating both crates"
make_crate() {
    local name=$1
    mkdir -p "$WORK/$name/src"
    cat >"$WORK/$name/Cargo.toml" <<TOML
[package]
name = "$name"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
chrono = { version = "0.4", default-features = false, features = ["std", "serde", "clock"] }
regress = "0.10"
schemars = { version = "1", features = ["preserve_order", "chrono04"] }
serde = { version = "1", features = ["derive"] }
serde_json = { version = "1", features = ["preserve_order"] }
TOML
    : >"$WORK/$name/src/lib.rs"
}
make_crate ours
make_crate typify
make_crate baseline
cat >"$WORK/Cargo.toml" <<'TOML'
[workspace]
resolver = "3"
members = ["ours", "typify", "baseline"]
TOML
cp "$ROOT/Cargo.lock" "$WORK/Cargo.lock"
for schema in "$WORK"/bundled/*.schema.json; do
    stem=$(basename "$schema" .schema.json)
    module=$(echo "$stem" | sed -E 's/([a-z0-9])([A-Z])/\1_\2/g; s/([A-Z]+)([A-Z][a-z])/\1_\2/g' | tr 'A-Z' 'a-z')
    "$GENERATE" "$ROOT/schemas/acs/$stem.schema.json" >"$WORK/ours/src/$module.rs"
    $TYPIFY --no-builder "$schema" --output "$WORK/typify/src/$module.rs" >/dev/null
    echo "#[allow(warnings, clippy::all)] pub mod $module;" >>"$WORK/ours/src/lib.rs"
    echo "#[allow(warnings, clippy::all)] pub mod $module;" >>"$WORK/typify/src/lib.rs"
done
echo "ours:   $(cat "$WORK"/ours/src/*.rs | wc -l) lines; typify: $(cat "$WORK"/typify/src/*.rs | wc -l) lines"

echo "== generation time, one process per category, $RUNS runs"
per_category() {
    for schema in "$WORK"/bundled/*.schema.json; do
        if [ "$1" = ours ]; then
            "$GENERATE" "$ROOT/schemas/acs/$(basename "$schema")" >/dev/null
        else
            $TYPIFY --no-builder "$schema" --output - >/dev/null
        fi
    done
}
ours_per_ms=$(median_ms per_category ours)
typify_per_ms=$(median_ms per_category typify)
echo "acs-log-codegen, 8 processes: ${ours_per_ms} ms"
echo "typify, 8 processes:          ${typify_per_ms} ms"

echo "== compile time, $RUNS incremental debug builds each"
export CARGO_TARGET_DIR=$WORK/target
(cd "$WORK" && cargo build -q -p ours && cargo build -q -p typify && cargo build -q -p baseline)
rebuild() { touch "$WORK/$1/src/lib.rs" && (cd "$WORK" && cargo build -q -p "$1"); }
ours_ms=$(median_ms rebuild ours)
typify_ms=$(median_ms rebuild typify)
baseline_ms=$(median_ms rebuild baseline)
echo "compile, ours:                ${ours_ms} ms"
echo "compile, typify:              ${typify_ms} ms"
echo "compile, empty crate (cargo): ${baseline_ms} ms"
