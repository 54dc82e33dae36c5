//! Azure Blob Storage as an input, against a real Azure Storage emulator: Azurite (npm package
//! `azurite`), started by these tests on a free loopback port. `.ci/setup` installs it into
//! `.tools/`; `AZURITE_BLOB` may name another `azurite-blob` executable.
//!
//! Three layouts Azure writes, made from the bundled samples, are checked twice, from a local
//! tree and from the same tree uploaded to Azurite, and the reports must match record for record
//! and finding for finding. Then `--since/--until` (blobs listed and read), and the faults: a
//! wrong account key, a missing container, a download cut mid-blob. (A blob deleted between
//! listing and reading needs the two steps apart: the library's own `src/tests/blob_storage.rs`.)

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod azurite;

use apache_avro::types::Value as AvroValue;
use azurite::{Azurite, KEY, files_under, workspace_root};
use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

fn write(path: &Path, bytes: &[u8]) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

const RESOURCE: &str = "SUBSCRIPTIONS/7F3C2A10-58C2-4C9B-9A3E-1D2F6E8B0C44/RESOURCEGROUPS/RG-COMMS-PROD/PROVIDERS/MICROSOFT.COMMUNICATION/COMMUNICATIONSERVICES/ACS-PROD-01";
const WORKSPACE: &str = "subscriptions/7f3c2a10-58c2-4c9b-9a3e-1d2f6e8b0c44/resourcegroups/rg-comms-prod/providers/microsoft.operationalinsights/workspaces/law-comms";

/// The bundled samples laid out as Azure writes them, under `root/<container>/…`:
/// - a diagnostic-settings archive (`insights-logs-smsoperational`), the bundled storage blob
///   copied into `hours` hourly blobs over two days;
/// - a workspace data export (`am-acssmsincomingoperations`), the bundled clean SMS rows split
///   into hourly `PT1H.json` blobs;
/// - Event Hubs Capture Avro files (`capture`), one per bundled Event Hubs message.
fn archive_tree(root: &Path, hours: u32) {
    let exports = workspace_root().join("examples/exports");
    let storage_blob = files_under(&exports.join("storage"))
        .into_iter()
        .next()
        .unwrap();
    let storage = std::fs::read(storage_blob).unwrap();
    for hour in 0..hours {
        let (day, hour) = (1 + hour / 24, hour % 24);
        write(
            &root.join(format!(
                "insights-logs-smsoperational/resourceId=/{RESOURCE}/y=2024/m=05/d={day:02}/h={hour:02}/m=00/PT1H.json"
            )),
            &storage,
        );
    }
    let rows = std::fs::read_to_string(exports.join("log-analytics/sms-clean.ndjson")).unwrap();
    for (hour, chunk) in rows.lines().collect::<Vec<_>>().chunks(8).enumerate() {
        write(
            &root.join(format!(
                "am-acssmsincomingoperations/WorkspaceResourceId=/{WORKSPACE}/y=2024/m=05/d=01/h={hour:02}/m=00/PT1H.json"
            )),
            format!("{}\n", chunk.join("\n")).as_bytes(),
        );
    }
    let messages = std::fs::read_to_string(exports.join("eventhubs/call-automation.json")).unwrap();
    let messages: Vec<&str> = messages
        .lines()
        .filter(|line| !line.trim().is_empty())
        .collect();
    for (minute, message) in messages.iter().enumerate() {
        write(
            &root.join(format!(
                "capture/acs-ns/acs-logs/0/2024/05/01/00/{:02}/00.avro",
                minute * 5
            )),
            &capture_file(&[message.as_bytes()]),
        );
    }
}

/// An Event Hubs Capture Avro file holding one event per body.
fn capture_file(bodies: &[&[u8]]) -> Vec<u8> {
    let schema = apache_avro::Schema::parse_str(
        r#"{"type":"record","name":"EventData","namespace":"Microsoft.ServiceBus.Messaging","fields":[
            {"name":"SequenceNumber","type":"long"},{"name":"Offset","type":"string"},
            {"name":"EnqueuedTimeUtc","type":"string"},
            {"name":"SystemProperties","type":{"type":"map","values":["long","double","string","bytes"]}},
            {"name":"Properties","type":{"type":"map","values":["long","double","string","bytes","null"]}},
            {"name":"Body","type":["null","bytes"]}]}"#,
    )
    .unwrap();
    let mut writer = apache_avro::Writer::with_codec(
        &schema,
        Vec::new(),
        apache_avro::Codec::Deflate(apache_avro::DeflateSettings::default()),
    )
    .unwrap();
    for (index, body) in bodies.iter().enumerate() {
        let event = AvroValue::Record(vec![
            (
                "SequenceNumber".into(),
                AvroValue::Long(i64::try_from(index).unwrap()),
            ),
            (
                "Offset".into(),
                AvroValue::String(format!("{}", index * 4096)),
            ),
            (
                "EnqueuedTimeUtc".into(),
                AvroValue::String("5/1/2024 12:00:01 AM".into()),
            ),
            (
                "SystemProperties".into(),
                AvroValue::Map(std::collections::HashMap::default()),
            ),
            (
                "Properties".into(),
                AvroValue::Map(std::collections::HashMap::default()),
            ),
            (
                "Body".into(),
                AvroValue::Union(1, Box::new(AvroValue::Bytes(body.to_vec()))),
            ),
        ]);
        writer.append_value(event).unwrap();
    }
    writer.into_inner().unwrap()
}

fn acs_logs(args: &[&str], connection: Option<&str>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_acs-logs"));
    command
        .args(args)
        .env_remove("AZURE_STORAGE_CONNECTION_STRING");
    for (key, _) in std::env::vars() {
        if key.starts_with("AZURE_") {
            command.env_remove(key);
        }
    }
    if let Some(connection) = connection {
        command.env("AZURE_STORAGE_CONNECTION_STRING", connection);
    }
    command.output().unwrap()
}

/// The JSON report with every input name made relative to its tree root (`<container>/…`).
fn normalised_report(output: &Output, local_root: &Path) -> Value {
    let text = String::from_utf8_lossy(&output.stdout)
        .replace(&format!("{}/", local_root.display()), "")
        .replace("az://", "");
    serde_json::from_str(&text).unwrap_or_else(|error| {
        panic!(
            "not a JSON report ({error}): {text}\nstderr: {}",
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

#[test]
fn report_from_blob_storage_equals_report_from_disk() {
    let tree = tempfile::tempdir().unwrap();
    archive_tree(tree.path(), 4);
    let azurite = Azurite::start();
    azurite.upload_tree(tree.path());
    let connection = azurite.connection_string(KEY);
    let containers = [
        "insights-logs-smsoperational",
        "am-acssmsincomingoperations",
        "capture",
    ];
    let local_args: Vec<String> = containers
        .iter()
        .map(|container| tree.path().join(container).display().to_string())
        .collect();
    let blob_args: Vec<String> = containers
        .iter()
        .map(|container| format!("az://{container}/"))
        .collect();
    let with_format = |paths: &[String]| {
        let mut args: Vec<&str> = vec!["check", "--format", "json"];
        args.extend(paths.iter().map(String::as_str));
        args.iter().map(|arg| (*arg).to_owned()).collect::<Vec<_>>()
    };
    let local_args = with_format(&local_args);
    let blob_args = with_format(&blob_args);
    let local = acs_logs(
        &local_args.iter().map(String::as_str).collect::<Vec<_>>(),
        None,
    );
    let blob = acs_logs(
        &blob_args.iter().map(String::as_str).collect::<Vec<_>>(),
        Some(&connection),
    );
    assert_eq!(
        local.status.code(),
        blob.status.code(),
        "{}",
        String::from_utf8_lossy(&blob.stderr)
    );
    let local = normalised_report(&local, tree.path());
    let blob = normalised_report(&blob, tree.path());
    // Every layout was read: records from each container, the Avro files as Capture.
    let inputs = local["summary"]["inputs"].as_array().unwrap();
    assert_eq!(inputs.len(), files_under(tree.path()).len(), "{inputs:#?}");
    let formats: std::collections::BTreeSet<_> = inputs
        .iter()
        .map(|input| input["format"].as_str().unwrap_or("").to_owned())
        .collect();
    assert!(formats.contains("avro-capture"), "{formats:?}");
    assert!(local["summary"]["records"]["total"].as_u64().unwrap() > 0);
    assert_eq!(
        local["summary"]["records"]["unreadable"], 0,
        "{:#?}",
        local["findings"]
    );
    assert_eq!(local, blob);
}

#[test]
fn since_and_until_list_and_read_only_the_partitions_in_range() {
    let tree = tempfile::tempdir().unwrap();
    archive_tree(tree.path(), 48);
    let azurite = Azurite::start();
    azurite.upload_tree(tree.path());
    let connection = azurite.connection_string(KEY);
    let run = |extra: &[&str]| {
        let mut args = vec![
            "check",
            "--format",
            "json",
            "az://insights-logs-smsoperational/",
        ];
        args.extend(extra);
        let output = acs_logs(&args, Some(&connection));
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        let report: Value = serde_json::from_slice(&output.stdout).unwrap();
        (
            report["summary"]["inputs"].as_array().unwrap().len(),
            stderr,
        )
    };
    let (read, stderr) = run(&[]);
    assert_eq!(read, 48);
    assert!(
        stderr.contains("48 blob(s) listed in 1 request(s), 48 selected"),
        "{stderr}"
    );
    // One day: the other day's folder is never listed.
    let (read, stderr) = run(&["--since", "2024-05-02", "--until", "2024-05-02"]);
    assert_eq!(read, 24);
    assert!(stderr.contains("24 blob(s) listed"), "{stderr}");
    assert!(stderr.contains(", 24 selected"), "{stderr}");
    // Three hours across midnight, by RFC 3339 instants.
    let (read, stderr) = run(&[
        "--since",
        "2024-05-01T22:00:00Z",
        "--until",
        "2024-05-02T01:00:00Z",
    ]);
    assert_eq!(read, 3);
    assert!(stderr.contains(", 3 selected"), "{stderr}");
    // The same flags on the same tree on disk read the same blobs.
    let local = Command::new(env!("CARGO_BIN_EXE_acs-logs"))
        .args([
            "check",
            "--format",
            "json",
            "--since",
            "2024-05-01T22:00:00Z",
            "--until",
            "2024-05-02T01:00:00Z",
        ])
        .arg(tree.path().join("insights-logs-smsoperational"))
        .output()
        .unwrap();
    let local_stderr = String::from_utf8_lossy(&local.stderr).into_owned();
    let local: Value = serde_json::from_slice(&local.stdout).unwrap();
    assert_eq!(local["summary"]["inputs"].as_array().unwrap().len(), 3);
    // What the range left out on disk is said, as the listing says it for blobs: of the two
    // days' folders, the hours outside the range on each (22 + 23).
    assert!(
        local_stderr.contains(
            "acs-logs: --since/--until: 45 file(s) and folder(s) outside the range not read"
        ),
        "{local_stderr}"
    );
}

#[test]
fn a_wrong_key_and_a_missing_container_stop_the_run_with_what_to_do() {
    let azurite = Azurite::start();
    azurite.create_container("insights-logs-usage");
    // A well-formed key that is not the account's.
    let wrong =
        azurite.connection_string("d3Jvbmcga2V5IGZvciBkZXZzdG9yZWFjY291bnQxIGluIHRoZSB0ZXN0cw==");
    let output = acs_logs(&["check", "az://insights-logs-usage/"], Some(&wrong));
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("devstoreaccount1"), "{stderr}");
    assert!(stderr.contains("\"insights-logs-usage\""), "{stderr}");
    assert!(stderr.contains("refused access"), "{stderr}");
    let output = acs_logs(
        &["check", "az://insights-logs-nosuchcategory/"],
        Some(&azurite.connection_string(KEY)),
    );
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("\"insights-logs-nosuchcategory\" was not found"),
        "{stderr}"
    );
    assert!(stderr.contains("devstoreaccount1"), "{stderr}");
}

/// A loopback proxy in front of Azurite that cuts the first blob download after `cut_after`
/// bytes of its response, once; everything else passes through.
struct CuttingProxy {
    port: u16,
    cuts: std::sync::Arc<std::sync::atomic::AtomicUsize>,
}

impl CuttingProxy {
    fn start(upstream: u16, cut_after: usize) -> CuttingProxy {
        use std::sync::Arc;
        use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let cuts = Arc::new(AtomicUsize::new(0));
        let used = Arc::new(AtomicBool::new(false));
        let counter = Arc::clone(&cuts);
        std::thread::spawn(move || {
            for client in listener.incoming() {
                let Ok(client) = client else { break };
                let Ok(server) = std::net::TcpStream::connect(("127.0.0.1", upstream)) else {
                    break;
                };
                let armed = Arc::new(AtomicBool::new(false));
                let (mut client_read, mut server_write) =
                    (client.try_clone().unwrap(), server.try_clone().unwrap());
                let request_armed = Arc::clone(&armed);
                let request_used = Arc::clone(&used);
                std::thread::spawn(move || {
                    let mut buffer = vec![0; 64 << 10];
                    while let Ok(count) = std::io::Read::read(&mut client_read, &mut buffer) {
                        if count == 0 {
                            break;
                        }
                        let head = String::from_utf8_lossy(&buffer[..count]);
                        let is_download = head.starts_with("GET ") && !head.contains("comp=list");
                        if is_download && !request_used.swap(true, Ordering::SeqCst) {
                            request_armed.store(true, Ordering::SeqCst);
                        }
                        if std::io::Write::write_all(&mut server_write, &buffer[..count]).is_err() {
                            break;
                        }
                    }
                });
                let (mut server_read, mut client_write) = (server, client);
                let counter = Arc::clone(&counter);
                std::thread::spawn(move || {
                    let mut buffer = vec![0; 16 << 10];
                    let mut sent = 0;
                    while let Ok(count) = std::io::Read::read(&mut server_read, &mut buffer) {
                        if count == 0 {
                            break;
                        }
                        if armed.load(Ordering::SeqCst) {
                            sent += count;
                            if sent > cut_after {
                                counter.fetch_add(1, Ordering::SeqCst);
                                let _ = client_write.shutdown(std::net::Shutdown::Both);
                                let _ = server_read.shutdown(std::net::Shutdown::Both);
                                break;
                            }
                        }
                        if std::io::Write::write_all(&mut client_write, &buffer[..count]).is_err() {
                            break;
                        }
                    }
                });
            }
        });
        CuttingProxy { port, cuts }
    }
}

#[test]
fn a_download_cut_mid_blob_resumes_where_it_broke_and_counts_every_record_once() {
    let tree = tempfile::tempdir().unwrap();
    let rows = std::fs::read_to_string(
        workspace_root().join("examples/exports/log-analytics/sms-clean.ndjson"),
    )
    .unwrap();
    // About 1 MB of rows in one blob, so the cut falls well inside it.
    let blob: String = std::iter::repeat_n(rows.as_str(), 80).collect();
    let lines = blob.lines().filter(|line| !line.trim().is_empty()).count() as u64;
    write(
        &tree.path().join("am-acssmsincomingoperations/WorkspaceResourceId=/w/y=2024/m=05/d=01/h=00/m=00/PT1H.json"),
        blob.as_bytes(),
    );
    let azurite = Azurite::start();
    azurite.upload_tree(tree.path());
    let proxy = CuttingProxy::start(azurite.port, 300 << 10);
    let through_proxy = format!(
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={KEY};BlobEndpoint=http://127.0.0.1:{}/devstoreaccount1;",
        proxy.port
    );
    let output = acs_logs(
        &[
            "check",
            "--format",
            "json",
            "az://am-acssmsincomingoperations/",
        ],
        Some(&through_proxy),
    );
    let report: Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|_| panic!("{}", String::from_utf8_lossy(&output.stderr)));
    assert_eq!(
        proxy.cuts.load(std::sync::atomic::Ordering::SeqCst),
        1,
        "the proxy never cut the download"
    );
    let records = &report["summary"]["records"];
    assert_eq!(records["total"].as_u64(), Some(lines), "{report:#}");
    assert_eq!(records["unreadable"].as_u64(), Some(0), "{report:#}");
    assert_eq!(records["valid"].as_u64(), Some(lines), "{report:#}");
}
