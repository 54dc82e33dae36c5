//! `acs-logs check --partial` and `acs-logs merge`: the inputs split into random groups, each
//! group checked into a partial, the partials merged in random orders — always byte for byte the
//! report of one run over all the inputs. And partials that must be refused are.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{acs_logs, root};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// A small deterministic generator (no `rand` dependency): splitmix64.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, bound: usize) -> usize {
        usize::try_from(self.next() % bound as u64).unwrap()
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for index in (1..items.len()).rev() {
            items.swap(index, self.below(index + 1));
        }
    }
}

/// The bundled samples plus a few more inputs (drift, damage, the 1000-record fixture) in one
/// temporary tree, and its files in the order `check DIR` walks them.
fn corpus() -> (tempfile::TempDir, PathBuf, Vec<String>) {
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path().join("corpus");
    copy_tree(&root().join("examples/exports"), &dir);
    std::fs::copy(
        root().join("tests/fixtures/generated-1000.ndjson"),
        dir.join("generated-1000.ndjson"),
    )
    .unwrap();
    std::fs::write(
        dir.join("damaged.ndjson"),
        b"{\"Category\":\"SMSOperational\"\nnot json\n\xff\xfe\n{}\n",
    )
    .unwrap();
    std::fs::write(dir.join("empty.json"), b"\n\n").unwrap();
    let mut files = Vec::new();
    walk(&dir, &mut files);
    let names = files
        .iter()
        .map(|file| file.to_string_lossy().into_owned())
        .collect();
    (temp, dir, names)
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else if !matches!(
            entry
                .path()
                .extension()
                .and_then(|extension| extension.to_str()),
            Some("md" | "py")
        ) {
            // Only inputs: the README and the script that made the samples are `skipped-path`s
            // of the directory walk, which a split given file by file would not see.
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap())
        .collect();
    entries.sort_by_key(std::fs::DirEntry::file_name);
    for entry in entries {
        let name = entry.file_name().to_string_lossy().into_owned();
        if entry.file_type().unwrap().is_dir() {
            walk(&entry.path(), files);
        } else if [".json", ".ndjson", ".csv", ".gz"]
            .iter()
            .any(|end| name.ends_with(end))
        {
            files.push(entry.path());
        }
    }
}

fn single_run(dir: &Path, format: &str) -> String {
    let run = acs_logs(&["check", dir.to_str().unwrap(), "--format", format]);
    assert!(run.code == 0 || run.code == 1, "{}", run.stderr);
    run.stdout
}

fn write_partial(files: &[&String], path: &Path) {
    let mut args = vec!["check", "--quiet", "--partial", path.to_str().unwrap()];
    args.extend(files.iter().map(|file| file.as_str()));
    let run = acs_logs(&args);
    assert!(run.code == 0 || run.code == 1, "{}", run.stderr);
}

#[test]
fn merging_any_split_in_any_order_gives_the_single_run_byte_for_byte() {
    let (temp, dir, files) = corpus();
    assert!(files.len() >= 8, "{files:?}");
    let expected_json = single_run(&dir, "json");
    let expected_text = single_run(&dir, "text");
    let mut random = Random(14);
    for groups in 1..=8usize {
        let mut members: Vec<Vec<&String>> = vec![Vec::new(); groups];
        for file in &files {
            members[random.below(groups)].push(file);
        }
        // Within a group, files are named in a random order: the partial sorts them.
        let mut partials = Vec::new();
        for (index, group) in members.iter_mut().enumerate() {
            if group.is_empty() {
                continue;
            }
            random.shuffle(group);
            let path = temp.path().join(format!("split{groups}-{index}.partial"));
            write_partial(group, &path);
            partials.push(path.to_string_lossy().into_owned());
        }
        for round in 0..2 {
            random.shuffle(&mut partials);
            for (format, expected) in [("json", &expected_json), ("text", &expected_text)] {
                let mut args = vec!["merge", "--format", format];
                args.extend(partials.iter().map(String::as_str));
                let run = acs_logs(&args);
                assert!(run.code == 0 || run.code == 1, "{}", run.stderr);
                assert!(
                    run.stdout == *expected,
                    "{groups} groups, round {round}, {format}: merged report differs\n{}",
                    similar::TextDiff::from_lines(expected.as_str(), run.stdout.as_str())
                        .unified_diff()
                );
            }
        }
    }
}

#[test]
fn merge_gives_the_exit_code_of_check() {
    let (temp, dir, _) = corpus();
    let partial = temp.path().join("all.partial");
    let single = acs_logs(&["check", dir.to_str().unwrap(), "--quiet"]);
    let run = acs_logs(&[
        "check",
        dir.to_str().unwrap(),
        "--quiet",
        "--partial",
        partial.to_str().unwrap(),
    ]);
    assert_eq!(run.code, single.code);
    for fail_on in ["error", "warning", "never"] {
        let single = acs_logs(&["check", dir.to_str().unwrap(), "--fail-on", fail_on]);
        let merged = acs_logs(&["merge", partial.to_str().unwrap(), "--fail-on", fail_on]);
        assert_eq!(merged.code, single.code, "{fail_on}");
        assert_eq!(merged.stdout, single.stdout, "{fail_on}");
    }
}

#[test]
fn a_partial_of_another_schema_set_is_refused() {
    let (temp, dir, _) = corpus();
    let partial = temp.path().join("embedded.partial");
    write_partial(&[&dir.to_string_lossy().into_owned()], &partial);
    // The same set with one description changed is another set.
    let other = temp.path().join("other-schemas");
    copy_tree(&root().join("schemas/acs"), &other);
    let catalog_path = other.join("catalog.json");
    let catalog = std::fs::read_to_string(&catalog_path).unwrap();
    let changed = catalog.replacen("\"title\": \"", "\"title\": \"Changed ", 1);
    assert_ne!(catalog, changed);
    std::fs::write(&catalog_path, changed).unwrap();
    let run = acs_logs(&[
        "merge",
        "--schemas",
        other.to_str().unwrap(),
        partial.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stdout.is_empty());
    assert!(
        run.stderr.contains("made with another schema set")
            && run.stderr.contains(partial.to_str().unwrap()),
        "{}",
        run.stderr
    );
}

#[test]
fn a_truncated_or_damaged_partial_is_refused() {
    let (temp, dir, _) = corpus();
    let partial = temp.path().join("whole.partial");
    write_partial(&[&dir.to_string_lossy().into_owned()], &partial);
    let bytes = std::fs::read(&partial).unwrap();
    let cases: [(&str, Vec<u8>, &str); 4] = [
        (
            "cut",
            bytes[..bytes.len() - 7].to_vec(),
            "truncated partial",
        ),
        ("header", bytes[..20].to_vec(), "not an acs-logs partial"),
        (
            "flipped",
            {
                let mut damaged = bytes.clone();
                let last = damaged.len() - 3;
                damaged[last] ^= 0x40;
                damaged
            },
            "corrupt partial",
        ),
        (
            "report",
            b"{\"tool\":\"acs-logs\"}\n".to_vec(),
            "not an acs-logs partial",
        ),
    ];
    for (name, content, message) in cases {
        let path = temp.path().join(format!("{name}.partial"));
        std::fs::write(&path, content).unwrap();
        let run = acs_logs(&["merge", partial.to_str().unwrap(), path.to_str().unwrap()]);
        assert_eq!(run.code, 2, "{name}: {}", run.stderr);
        assert!(run.stdout.is_empty(), "{name}: half-read: {}", run.stdout);
        assert!(
            run.stderr.contains(message) && run.stderr.contains(path.to_str().unwrap()),
            "{name}: {}",
            run.stderr
        );
    }
}

#[test]
fn a_partial_holding_more_distinct_keys_than_are_kept_is_written_and_merged() {
    // 1,200 distinct undocumented keys in two files: past the 1,000 kept one by one, the rest
    // are counted together, and that count travels in the partial like the rest.
    let temp = tempfile::tempdir().unwrap();
    let clean =
        std::fs::read_to_string(root().join("examples/exports/log-analytics/sms-clean.ndjson"))
            .unwrap();
    let line = clean.lines().next().unwrap();
    let mut paths = Vec::new();
    for file in 0..2 {
        let mut record = line.strip_suffix('}').unwrap().to_owned();
        for key in 0..600 {
            write!(record, ",\"Extra{file}_{key:04}\":{key}").unwrap();
        }
        record.push_str("}\n");
        let path = temp.path().join(format!("wide-{file}.ndjson"));
        std::fs::write(&path, record).unwrap();
        paths.push(path.to_str().unwrap().to_owned());
    }
    let single = acs_logs(&[&["check", "--format", "json"][..], &[&paths[0], &paths[1]]].concat());
    let mut partials = Vec::new();
    for (index, path) in paths.iter().enumerate() {
        let partial = temp.path().join(format!("{index}.partial"));
        let run = acs_logs(&[
            "check",
            path,
            "--quiet",
            "--partial",
            partial.to_str().unwrap(),
        ]);
        assert_ne!(run.code, 2, "{}", run.stderr);
        partials.push(partial.to_str().unwrap().to_owned());
    }
    let merged = acs_logs(
        &[
            &["merge", "--format", "json"][..],
            &[&partials[1], &partials[0]],
        ]
        .concat(),
    );
    assert_eq!(merged.code, single.code, "{}", merged.stderr);
    assert_eq!(merged.stdout, single.stdout);
    assert!(merged.stdout.contains("(other keys, past the 1000 kept)"));
}

#[test]
fn an_input_not_read_says_why_in_the_report_and_through_a_partial() {
    let dir = tempfile::tempdir().unwrap();
    let exports = dir.path().join("exports");
    std::fs::create_dir(&exports).unwrap();
    std::fs::write(exports.join("a-empty.ndjson"), "").unwrap();
    // A gzip header, then bytes that are no deflate stream.
    std::fs::write(
        exports.join("b-damaged.ndjson.gz"),
        [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xff, 0xff, 0xff, 0xff],
    )
    .unwrap();
    // A directory walk sets aside what is not a log file.
    std::fs::write(exports.join("c-export.zip"), b"PK\x03\x04").unwrap();
    std::fs::copy(
        root().join("examples/exports/log-analytics/sms-clean.ndjson"),
        exports.join("e-sms.ndjson"),
    )
    .unwrap();
    let missing = dir.path().join("z-missing.ndjson");
    let names = [&exports, &missing].map(|path| path.to_str().unwrap());

    let mut args = vec!["check", "--format", "json"];
    args.extend(names);
    let single = acs_logs(&args).json();
    let labels: Vec<(String, Option<String>, Option<String>, bool)> = single["summary"]["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|input| {
            (
                Path::new(input["input"].as_str().unwrap())
                    .file_name()
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
                input["format"].as_str().map(str::to_owned),
                input["not_read"].as_str().map(str::to_owned),
                input["gzip"].as_bool().unwrap(),
            )
        })
        .collect();
    let expect = |name: &str, format: Option<&str>, not_read: Option<&str>, gzip| {
        (
            name.to_owned(),
            format.map(str::to_owned),
            not_read.map(str::to_owned),
            gzip,
        )
    };
    assert_eq!(
        labels,
        [
            expect("a-empty.ndjson", None, Some("empty"), false),
            expect("b-damaged.ndjson.gz", None, Some("unreadable"), true),
            expect("c-export.zip", None, Some("skipped"), false),
            expect("e-sms.ndjson", Some("ndjson"), None, false),
            expect("z-missing.ndjson", None, Some("unreadable"), false),
        ]
    );
    let mut args = vec!["check"];
    args.extend(names);
    let text = acs_logs(&args).stdout;
    for line in [
        "a-empty.ndjson (empty): 0 records",
        "b-damaged.ndjson.gz (unreadable gzip): 0 records",
        "c-export.zip (skipped): 0 records",
        "z-missing.ndjson (unreadable): 0 records",
    ] {
        assert!(text.contains(line), "{line} in\n{text}");
    }

    // Through a partial (inputs in canonical order, as here), the report is the same.
    let partial = dir.path().join("run.partial");
    let mut args = vec!["check", "--quiet", "--partial", partial.to_str().unwrap()];
    args.extend(names);
    acs_logs(&args);
    let merged = acs_logs(&["merge", partial.to_str().unwrap(), "--format", "json"]).json();
    assert_eq!(merged["summary"]["inputs"], single["summary"]["inputs"]);
}

#[test]
fn a_merge_ends_as_its_check_did_when_a_path_could_not_be_read() {
    let dir = tempfile::tempdir().unwrap();
    let good = root().join("examples/exports/log-analytics/sms-clean.ndjson");
    let missing = dir.path().join("nope.ndjson");
    let partial = dir.path().join("run.partial");
    let check = acs_logs(&[
        "check",
        "--quiet",
        "--partial",
        partial.to_str().unwrap(),
        good.to_str().unwrap(),
        missing.to_str().unwrap(),
    ]);
    assert_eq!(check.code, 2);
    for fail_on in ["error", "never"] {
        let merged = acs_logs(&["merge", partial.to_str().unwrap(), "--fail-on", fail_on]);
        assert_eq!(merged.code, 2, "--fail-on {fail_on}");
        assert!(
            merged.stderr.contains("acs-logs: error: ") && merged.stderr.contains("nope.ndjson"),
            "{}",
            merged.stderr
        );
    }
}

#[test]
fn a_file_named_twice_is_read_once_and_a_partial_merged_twice_is_said() {
    let dir = tempfile::tempdir().unwrap();
    let logs = dir.path().join("logs");
    std::fs::create_dir(&logs).unwrap();
    let file = logs.join("a.ndjson");
    std::fs::copy(
        root().join("examples/exports/log-analytics/sms-clean.ndjson"),
        &file,
    )
    .unwrap();
    let (logs, file) = (logs.to_str().unwrap(), file.to_str().unwrap());
    let dotted = format!("{logs}/./a.ndjson");
    let run = acs_logs(&["check", file, &dotted, logs, logs, "--format", "json"]);
    let report = run.json();
    assert_eq!(report["summary"]["records"]["total"], 24, "counted once");
    let skipped = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|finding| finding["id"] == "skipped-path")
        .expect("the later names are said");
    assert_eq!(skipped["count"], 3);
    assert!(
        skipped["locations"][0]["note"]
            .as_str()
            .unwrap()
            .starts_with("the same file as "),
        "{skipped}"
    );
    // No directory is said to be empty because its files were already read.
    assert!(
        !report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|finding| finding["id"] == "empty-input"),
        "{report}"
    );

    // The same name twice is said so; standard input named twice is read once.
    let again = acs_logs(&["check", file, file, "--format", "json"]).json();
    let notes: Vec<&str> = again["findings"][0]["locations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|location| location["note"].as_str().unwrap())
        .collect();
    assert_eq!(notes, ["named again; read once"]);
    let stdin = common::acs_logs_with_stdin(
        &["check", "-", "-", "--format", "json"],
        Some(std::fs::read(file).unwrap().as_slice()),
    )
    .json();
    assert_eq!(stdin["summary"]["records"]["total"], 24);
    assert_eq!(stdin["findings"][0]["id"], "skipped-path");

    let partial = dir.path().join("a.partial");
    acs_logs(&[
        "check",
        "--quiet",
        "--partial",
        partial.to_str().unwrap(),
        file,
    ]);
    let merged = acs_logs(&[
        "merge",
        partial.to_str().unwrap(),
        partial.to_str().unwrap(),
        "--format",
        "json",
    ]);
    // Counted twice, and the report says so (in every format, not only on standard error),
    // at the input's second copy.
    let report = merged.json();
    assert_eq!(report["summary"]["records"]["total"], 48);
    let repeated = common::find(&report, "repeated-input", None);
    assert_eq!(repeated["level"], "warning");
    assert_eq!(
        repeated["locations"][0]["note"],
        "the input is in 2 of the partials merged: its records are counted 2 times"
    );
    assert_eq!(repeated["count"], 1);
    // Three copies: one finding, at the second, counting all three.
    let thrice = acs_logs(&[
        "merge",
        partial.to_str().unwrap(),
        partial.to_str().unwrap(),
        partial.to_str().unwrap(),
        "--format",
        "json",
    ])
    .json();
    let repeated = common::find(&thrice, "repeated-input", None);
    assert_eq!(repeated["count"], 1, "{repeated}");
    assert_eq!(
        repeated["locations"][0]["note"],
        "the input is in 3 of the partials merged: its records are counted 3 times"
    );
    // A baseline never accepts it: it is about reading, not drift.
    let baseline = dir.path().join("baseline.json");
    acs_logs(&[
        "merge",
        partial.to_str().unwrap(),
        partial.to_str().unwrap(),
        "--write-baseline",
        baseline.to_str().unwrap(),
    ]);
    assert!(
        !std::fs::read_to_string(&baseline)
            .unwrap()
            .contains("repeated-input")
    );
}

#[test]
fn a_partial_holds_records_of_categories_the_catalog_lacks() {
    let dir = tempfile::tempdir().unwrap();
    let sms =
        std::fs::read_to_string(root().join("examples/exports/log-analytics/sms-clean.ndjson"))
            .unwrap();
    let first = sms.lines().next().unwrap();
    // A Storage account receives every ACS category; the pages cover eight.
    let text = format!(
        "{first}\n{{\"Category\":\"CallSummary\",\"a\":1}}\n{{\"Category\":\"CallDiagnostics\",\"b\":2}}\n{{\"x\":1}}\n"
    );
    let input = dir.path().join("mixed.ndjson");
    std::fs::write(&input, text).unwrap();
    let partial = dir.path().join("mixed.partial");
    let made = acs_logs(&[
        "check",
        "--quiet",
        "--partial",
        partial.to_str().unwrap(),
        input.to_str().unwrap(),
    ]);
    assert_ne!(made.code, 2, "{}", made.stderr);
    let single = acs_logs(&["check", input.to_str().unwrap(), "--format", "json"]);
    let merged = acs_logs(&["merge", partial.to_str().unwrap(), "--format", "json"]);
    assert_eq!(merged.stdout, single.stdout);
    let categories: Vec<String> = merged.json()["summary"]["categories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|category| category["category"].as_str().unwrap().to_owned())
        .collect();
    assert!(
        categories.contains(&"CallSummary".to_owned()),
        "{categories:?}"
    );
}
