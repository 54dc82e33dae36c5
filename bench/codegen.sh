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
#   3. the same two measures on the public corpus (tests/codegen/corpus/*: CloudEvents, CDEvents,
#      an OpenTelemetry configuration excerpt, the Azure resource-log common schema, GeoJSON),
#      one module per folder; for typify each folder is bundled into one file the same way
#      (every file a `$ref` reaches copied under `definitions`, refs rewritten).
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

echo "== corpus: bundling each folder for typify"
CORPUS=$ROOT/tests/codegen/corpus
mkdir -p "$WORK/corpus-bundled"
python3 - "$CORPUS" "$WORK/corpus-bundled" <<'PY'
import json, pathlib, re, sys
src, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
def name_of(path):
    return re.sub(r"[^A-Za-z0-9]", "_", path.stem)
for folder in sorted(p for p in src.iterdir() if p.is_dir()):
    files = {p: json.loads(p.read_text()) for p in folder.rglob("*.json") if "samples" not in p.parts}
    def find(base, resource):
        for candidate in (base.parent / resource, base.parent / (resource + ".json")):
            candidate = candidate.resolve()
            if candidate in files:
                return candidate
        raise SystemExit(f"{base}: cannot bundle {resource}")
    defs = {}
    # typify resolves only `#/definitions/NAME`: an included file becomes `NAME` and each of its
    # definitions `NAME__DEF`, all at the top level.
    def pointer_in(name, pointer):
        if pointer.startswith("/definitions/"):
            head, _, rest = pointer[len("/definitions/"):].partition("/")
            return "/definitions/" + name + "__" + head + ("/" + rest if rest else "")
        return "/definitions/" + name + pointer
    def rewrite(node, base, name):
        if isinstance(node, dict):
            result = {}
            for key, value in node.items():
                if key == "$ref" and isinstance(value, str):
                    resource, _, pointer = value.partition("#")
                    pointer = pointer.replace("/$defs/", "/definitions/")
                    if resource:
                        target = find(base, resource)
                        include(target)
                        value = "#" + pointer_in(name_of(target), pointer)
                    elif name is not None:
                        value = "#" + pointer_in(name, pointer)
                    else:
                        value = "#" + pointer
                    result[key] = value
                elif key in ("$id", "$schema"):
                    continue
                else:
                    result["definitions" if key == "$defs" else key] = rewrite(value, base, name)
            return result
        if isinstance(node, list):
            return [rewrite(value, base, name) for value in node]
        return node
    def include(path):
        name = name_of(path)
        if name not in defs:
            defs[name] = None
            schema = rewrite(files[path], path, name)
            for key, value in schema.pop("definitions", {}).items():
                defs[name + "__" + key] = value
            defs[name] = schema
    for top in sorted(p for p in files if p.parent == folder):
        schema = rewrite(files[top], top, None)
        schema.setdefault("definitions", {}).update({k: v for k, v in defs.items() if v is not None})
        (out / (folder.name + "--" + top.name)).write_text(json.dumps(schema, indent=2))
PY

echo "== corpus: generating both crates"
mkdir -p "$WORK/ours-corpus/src" "$WORK/typify-corpus/src"
for name in ours-corpus typify-corpus; do
    sed "s/^name = .*/name = \"$name\"/" "$WORK/ours/Cargo.toml" >"$WORK/$name/Cargo.toml"
    : >"$WORK/$name/src/lib.rs"
done
sed -i 's/members = \[.*\]/members = ["ours", "typify", "baseline", "ours-corpus", "typify-corpus"]/' "$WORK/Cargo.toml"
# The compile-time comparison holds only the folders typify generates (it panics on some); ours
# generates them all, and the folders typify fails on are named.
typify_failed=()
compared=0
for folder in "$CORPUS"/*/; do
    name=$(basename "$folder")
    module=$(echo "$name" | tr -- '-' '_')
    index=0
    ok=1
    modules=()
    for bundled in "$WORK"/corpus-bundled/"$name"--*.json; do
        index=$((index + 1))
        if $TYPIFY --no-builder "$bundled" --output "$WORK/typify-corpus/src/${module}_$index.rs" >/dev/null 2>"$WORK/typify-corpus/$module.err"; then
            modules+=("${module}_$index")
        else
            ok=0
            typify_failed+=("$(basename "$bundled")")
            rm -f "$WORK/typify-corpus/src/${module}_$index.rs"
        fi
    done
    "$GENERATE" "$folder"/*.json >"$WORK/ours-corpus-all-$module.rs"
    if [ "$ok" = 1 ]; then
        compared=$((compared + 1))
        cp "$WORK/ours-corpus-all-$module.rs" "$WORK/ours-corpus/src/$module.rs"
        echo "#[allow(warnings, clippy::all)] pub mod $module;" >>"$WORK/ours-corpus/src/lib.rs"
        for typify_module in "${modules[@]}"; do
            echo "#[allow(warnings, clippy::all)] pub mod $typify_module;" >>"$WORK/typify-corpus/src/lib.rs"
        done
    fi
done
echo "compared on $compared folders; typify failed on: ${typify_failed[*]:-nothing}"
echo "ours, all $(ls -d "$CORPUS"/*/ | wc -l) folders: $(cat "$WORK"/ours-corpus-all-*.rs | wc -l) lines"
echo "compared folders, ours: $(cat "$WORK"/ours-corpus/src/*.rs | wc -l) lines; typify: $(cat "$WORK"/typify-corpus/src/*.rs | wc -l) lines"

echo "== corpus: generation time, one process per schema file, $RUNS runs"
corpus_gen() {
    if [ "$1" = ours ]; then
        for folder in "$CORPUS"/*/; do "$GENERATE" "$folder"/*.json >/dev/null; done
    else
        for bundled in "$WORK"/corpus-bundled/*.json; do $TYPIFY --no-builder "$bundled" --output - >/dev/null 2>&1 || true; done
    fi
}
echo "acs-log-codegen, corpus: $(median_ms corpus_gen ours) ms"
echo "typify, corpus:          $(median_ms corpus_gen typify) ms"

echo "== corpus: compile time, $RUNS incremental debug builds each"
(cd "$WORK" && cargo build -q -p ours-corpus && cargo build -q -p typify-corpus)
echo "compile, ours (corpus):   $(median_ms rebuild ours-corpus) ms"
echo "compile, typify (corpus): $(median_ms rebuild typify-corpus) ms"
