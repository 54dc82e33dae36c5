//! Blob Storage faults only the steps themselves can stage: a blob deleted between the listing
//! (the inputs collected) and the reading (the pipeline run), against Azurite. The end-to-end
//! Blob Storage tests, through the binary, are in `tests/blob_storage.rs`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use super::azurite::{Azurite, KEY, files_under, workspace_root};
use crate::config::Config;
use crate::index::SchemaIndex;
use crate::pipeline::{self, RunOptions};
use crate::read::blob::BlobSettings;
use crate::read::partition::TimeRange;
use crate::read::source;
use crate::report::{FailOn, ReportContext, build_report};
use std::path::{Path, PathBuf};

/// The bundled diagnostic-settings archive blob, copied into `hours` hourly blobs of container
/// `insights-logs-smsoperational` under `root`; returns the records in each.
fn hourly_blobs(root: &Path, hours: u32) -> u64 {
    let sample = files_under(&workspace_root().join("examples/exports/storage"))
        .into_iter()
        .next()
        .unwrap();
    let bytes = std::fs::read(sample).unwrap();
    for hour in 0..hours {
        let path = root.join(format!(
            "insights-logs-smsoperational/resourceId=/SUBSCRIPTIONS/S/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.COMMUNICATION/COMMUNICATIONSERVICES/ACS/y=2024/m=05/d=01/h={hour:02}/m=00/PT1H.json"
        ));
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, &bytes).unwrap();
    }
    String::from_utf8_lossy(&bytes)
        .lines()
        .filter(|line| !line.trim().is_empty())
        .count() as u64
}

#[test]
fn a_blob_deleted_after_listing_is_an_unreadable_input_and_the_run_goes_on() {
    let tree = tempfile::tempdir().unwrap();
    let per_blob = hourly_blobs(tree.path(), 3);
    let azurite = Azurite::start();
    azurite.upload_tree(tree.path());
    let set = acs_log_schemas::SchemaSet::acs();
    let config = Config::default();
    let schema_index = SchemaIndex::new(set, &config, None).unwrap();
    let settings = BlobSettings {
        connection_string: Some(azurite.connection_string(KEY)),
    };
    let collected = source::collect(
        &[PathBuf::from("az://insights-logs-smsoperational/")],
        schema_index.classifier(),
        &TimeRange::default(),
        &settings,
    )
    .unwrap();
    assert_eq!(collected.inputs.len(), 3);
    let deleted = collected.inputs[1].display.clone();
    let blob = deleted
        .strip_prefix("az://insights-logs-smsoperational/")
        .unwrap();
    azurite.delete("insights-logs-smsoperational", blob);
    let output = pipeline::run(&schema_index, collected.inputs, &RunOptions::default()).unwrap();
    let context = ReportContext {
        schema_index: &schema_index,
        config: &config,
        baseline: None,
        fail_on: FailOn::Error,
        schema_set: "<embedded acs>",
    };
    let report = serde_json::to_value(build_report(&output, &context)).unwrap();
    let finding = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|finding| finding["id"] == "unreadable-input")
        .unwrap_or_else(|| panic!("{report:#}"));
    assert!(finding.to_string().contains(&deleted), "{finding:#}");
    assert!(
        finding.to_string().contains("no longer exists"),
        "{finding:#}"
    );
    // The two other blobs were read in full.
    assert_eq!(
        report["summary"]["records"]["total"].as_u64().unwrap(),
        2 * per_blob
    );
}
