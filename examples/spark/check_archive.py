#!/usr/bin/env python3
"""Check a Storage-account archive of ACS logs on Apache Spark, with the report of `acs-logs check`.

    spark-submit examples/spark/check_archive.py PATH... [--format FMT] [--output FILE]
                 [--fail-on LEVEL] [--baseline FILE] [--config FILE] [--partitions N]

PATH is a local directory or file, or on a cluster an `abfss://container@account.dfs.core.windows.net/...`
URL. Every log file under it (.json, .jsonl, .ndjson, .csv, .log, .txt, optionally .gz; hidden
entries skipped, as `acs-logs check` walks a directory) is read whole with its path
(`binaryFiles`): a file is never split across tasks, so every record keeps its true line number.
Each partition is checked in its executor by the `acs_logs` package (the validator's own engine)
into a partial; the partials are merged with a tree reduce, and the driver renders the report.
The report is byte for byte what `acs-logs check PATH...` gives over the same files.

Exit codes as `acs-logs check`: 0 no finding reached --fail-on, 1 one did, 2 usage or I/O error.
"""

import argparse
import os
import sys
import posixpath

LOG_EXTENSIONS = (".json", ".jsonl", ".ndjson", ".csv", ".log", ".txt")
EXIT_ERROR = 2

def _index(config):
    """One compiled index per Python process: kept on the imported module, which outlives the
    tasks of a reused Spark Python worker (this function itself is shipped anew with each task)."""
    import acs_logs

    cached = getattr(acs_logs, "_check_archive_index", None)
    if cached is None or cached[0] != config:
        cached = (config, acs_logs.Index(config=config))
        acs_logs._check_archive_index = cached
    return cached[1]


def is_log_file(name):
    lower = name.lower()
    stem = lower[:-3] if lower.endswith(".gz") else lower
    return stem.endswith(LOG_EXTENSIONS)


class Root:
    """A PATH argument, and how files under it are named in the report (as `acs-logs check`
    names them: the argument as given, joined with the path below it)."""

    def __init__(self, given):
        self.given = given
        if "://" in given:
            self.uri = given.rstrip("/")
            self.local = False
        else:
            self.uri = os.path.abspath(given)
            self.local = True

    def spark_path(self):
        return "file://" + self.uri if self.local else self.uri

    def display(self, key):
        """The report's name of a file Spark lists as `key`, or None when not under this root."""
        path = key
        if self.local:
            for scheme in ("file://", "file:"):
                if path.startswith(scheme):
                    path = path[len(scheme):]
                    break
        if path == self.uri:
            return self.given.replace("\\", "/")
        if not path.startswith(self.uri + "/"):
            return None
        below = path[len(self.uri) + 1:]
        if any(part.startswith(".") for part in below.split("/")):
            return None
        if not is_log_file(posixpath.basename(below)):
            return None
        return posixpath.join(self.given.replace("\\", "/"), below)


def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog="check_archive.py",
        description="Check an ACS log archive on Spark; the report of `acs-logs check`.",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH")
    parser.add_argument("--format", default="text", choices=["text", "json", "markdown", "sarif", "junit", "github"])
    parser.add_argument("--output", metavar="FILE")
    parser.add_argument("--fail-on", default="error", choices=["error", "warning", "never"])
    parser.add_argument("--baseline", metavar="FILE")
    parser.add_argument("--config", metavar="FILE")
    parser.add_argument("--partitions", type=int, default=0, metavar="N",
                        help="minimum number of partitions (default: Spark's default parallelism x 4)")
    parser.add_argument("--quiet", "-q", action="store_true")
    return parser.parse_args(argv)


def main(argv=None):
    try:
        args = parse_args(argv if argv is not None else sys.argv[1:])
    except SystemExit as exit:
        return EXIT_ERROR if exit.code else 0

    from pyspark.sql import SparkSession

    spark = SparkSession.builder.appName("acs-logs check_archive").getOrCreate()
    sc = spark.sparkContext
    # Storage archives nest folders (resourceId=/.../y=/m=/d=/h=/m=); list them all.
    sc._jsc.hadoopConfiguration().set("mapreduce.input.fileinputformat.input.dir.recursive", "true")
    roots = [Root(path) for path in args.paths]
    for root in roots:
        if root.local and not os.path.exists(root.uri):
            print(f"check_archive: error: {root.given}: No such file or directory", file=sys.stderr)
            spark.stop()
            return EXIT_ERROR
    partitions = args.partitions or sc.defaultParallelism * 4
    config = args.config
    files = sc.union([sc.binaryFiles(root.spark_path(), minPartitions=partitions) for root in roots])
    broadcast_roots = [(root.given, root.uri, root.local) for root in roots]

    def check_partition(pairs):
        import acs_logs  # noqa: F401  (fails early on an executor without the package)

        named = []
        for key, content in pairs:
            for given, uri, local in broadcast_roots:
                root = Root.__new__(Root)
                root.given, root.uri, root.local = given, uri, local
                name = root.display(key)
                if name is not None:
                    named.append((name, bytes(content)))
                    break
        yield _index(config).check_files(named).to_bytes()

    def merge(left, right):
        index = _index(config)
        return index.read_partial(left).merge(index.read_partial(right)).to_bytes()

    partials = files.mapPartitions(check_partition)
    merged_bytes = partials.treeReduce(merge, depth=2) if partials.getNumPartitions() else None
    index = _index(config)
    merged = index.read_partial(merged_bytes) if merged_bytes else index.empty()
    report = index.report(merged, args.format, args.fail_on, args.baseline)
    code = index.exit_code(merged, args.fail_on, args.baseline)
    spark.stop()
    if args.output:
        with open(args.output, "w", encoding="utf-8") as handle:
            handle.write(report)
    elif not args.quiet:
        sys.stdout.write(report)
        sys.stdout.flush()
    return code


if __name__ == "__main__":
    sys.exit(main())
