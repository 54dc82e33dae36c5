//! Baselines: `--write-baseline` records today's findings by fingerprint (id, category, field);
//! `--baseline` suppresses those, so only new drift fails the build. Counts and places are not
//! part of the fingerprint: more of an accepted drift is still the same drift.
//!
//! Findings about reading (an unreadable input or record, an empty input, a skipped path) are
//! not drift and are never recorded or suppressed: their fingerprint names no file, so
//! accepting today's damaged file would accept every damaged file from then on. Their levels
//! are set in the config file instead.

use crate::error::BaselineError;
use crate::finding::{Finding, fingerprint};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::path::Path;

/// The version written into baseline files.
const BASELINE_VERSION: u32 = 1;

/// One accepted finding.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct BaselineEntry {
    /// The finding id.
    pub id: String,
    /// The category, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// The field, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

impl BaselineEntry {
    fn fingerprint(&self) -> String {
        fingerprint(&self.id, self.category.as_deref(), self.field.as_deref())
    }
}

/// A set of accepted findings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Baseline {
    /// The file format version.
    pub version: u32,
    /// The accepted findings, sorted.
    pub findings: Vec<BaselineEntry>,
}

impl Baseline {
    /// The baseline of a list of findings.
    pub fn from_findings(findings: &[Finding]) -> Baseline {
        let entries: BTreeSet<BaselineEntry> = findings
            .iter()
            .filter(|finding| !finding.id.is_about_reading())
            .map(|finding| BaselineEntry {
                id: finding.id.to_string(),
                category: finding.category.clone(),
                field: finding.field.clone(),
            })
            .collect();
        Baseline {
            version: BASELINE_VERSION,
            findings: entries.into_iter().collect(),
        }
    }

    /// Reads a baseline file.
    pub fn load(path: &Path) -> Result<Baseline, BaselineError> {
        let text = std::fs::read_to_string(path).map_err(|source| BaselineError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let baseline: Baseline =
            serde_json::from_str(&text).map_err(|error| BaselineError::Parse {
                path: path.to_path_buf(),
                line: error.line(),
                column: error.column(),
                message: error.to_string(),
            })?;
        if baseline.version != BASELINE_VERSION {
            return Err(BaselineError::Version {
                path: path.to_path_buf(),
                found: baseline.version,
                expected: BASELINE_VERSION,
            });
        }
        Ok(baseline)
    }

    /// Writes the baseline as pretty JSON, atomically: an interrupted run leaves the old
    /// baseline or the new one, never a truncated file.
    pub fn save(&self, path: &Path) -> Result<(), BaselineError> {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        crate::write::write_atomic(path, text.as_bytes()).map_err(|source| BaselineError::Io {
            path: path.to_path_buf(),
            source,
        })
    }

    /// Splits findings into (new, suppressed). A finding about reading is always new.
    pub(crate) fn partition(&self, findings: Vec<Finding>) -> (Vec<Finding>, Vec<Finding>) {
        let accepted: BTreeSet<String> = self
            .findings
            .iter()
            .map(BaselineEntry::fingerprint)
            .collect();
        findings.into_iter().partition(|finding| {
            finding.id.is_about_reading() || !accepted.contains(&finding.fingerprint())
        })
    }
}
