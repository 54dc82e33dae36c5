//! The report: the aggregate turned into findings with names, places and documentation, and a
//! summary that accounts for every record. Its JSON form is the `--format json` output, and its
//! JSON Schema (generated with schemars) is checked into the repository as `report.schema.json`.

use crate::aggregate::{
    Aggregate, CategoryKey, FindingAcc, Head, MAX_FIELDS, OTHER_FIELDS, Tally, category_id,
};
use crate::baseline::Baseline;
use crate::config::Config;
use crate::finding::{DocRef, Finding, FindingId, Level, Location, LocationKind, StringShapes};
use crate::index::SchemaIndex;
use crate::inventory::{CategoryInventory, JsonKind};
use crate::pipeline::{RunOutput, Subject};
pub use crate::read::NotRead;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The finding level from which a run fails (`--fail-on`).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum FailOn {
    /// Fail on errors.
    Error,
    /// Fail on warnings and errors.
    Warning,
    /// Never fail because of findings.
    Never,
}

impl FailOn {
    /// Whether a finding of this level fails the run.
    pub fn fails(self, level: Level) -> bool {
        match self {
            FailOn::Error => level >= Level::Error,
            FailOn::Warning => level >= Level::Warning,
            FailOn::Never => false,
        }
    }
}

/// Record counts: `total = valid + with_drift + unreadable`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct RecordCounts {
    /// Every record.
    pub total: u64,
    /// Records with no finding.
    pub valid: u64,
    /// Records with at least one finding.
    pub with_drift: u64,
    /// Records that could not be read.
    pub unreadable: u64,
}

impl From<Tally> for RecordCounts {
    fn from(tally: Tally) -> RecordCounts {
        RecordCounts {
            total: tally.total,
            valid: tally.valid,
            with_drift: tally.with_drift,
            unreadable: tally.unreadable,
        }
    }
}

/// How many records arrived in each shape.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Shapes {
    /// Flattened Log Analytics columns.
    pub log_analytics: u64,
    /// The resource-log common schema (Storage archive, Event Hubs).
    pub resource_log: u64,
}

/// How much of a category's documentation the data covered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Coverage {
    /// Documented fields.
    pub documented: u64,
    /// Documented fields seen under their documented key.
    pub seen: u64,
    /// The documented fields never seen.
    pub never_seen: Vec<String>,
}

/// One category's part of the summary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct CategorySummary {
    /// The category name (as the catalog writes it, or as the data named an unknown one;
    /// empty for records that named none).
    pub category: String,
    /// The Log Analytics table, for catalog categories.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub table: Option<String>,
    /// Whether the catalog knows the category.
    pub known: bool,
    /// The category's records (never unreadable: those have no category).
    pub records: RecordCounts,
    /// Coverage, for catalog categories.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coverage: Option<Coverage>,
}

/// One input's part of the summary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct InputSummary {
    /// The input as named in locations.
    pub input: String,
    /// The format it was read as, if it could be read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    /// Why it has no format, when it has none: `empty`, `skipped` or `unreadable` (its
    /// `empty-input`, `skipped-path` or `unreadable-input` finding says where).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_read: Option<NotRead>,
    /// Whether it was gzip-compressed.
    pub gzip: bool,
    /// Records per shape.
    pub shapes: Shapes,
    /// Its records.
    pub records: RecordCounts,
}

/// Counts for one finding id.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct IdCount {
    /// Aggregated findings with this id.
    pub findings: u64,
    /// Occurrences (records or inputs) behind them.
    pub occurrences: u64,
}

/// Findings per level.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct LevelCounts {
    /// Errors.
    pub error: u64,
    /// Warnings.
    pub warning: u64,
    /// Notes.
    pub info: u64,
}

/// The statistics block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Summary {
    /// Every record of the run.
    pub records: RecordCounts,
    /// Per category, catalog categories first in catalog order.
    pub categories: Vec<CategorySummary>,
    /// Per input, in reading order.
    pub inputs: Vec<InputSummary>,
    /// Per finding id (after the baseline).
    pub by_id: BTreeMap<FindingId, IdCount>,
    /// Per level (after the baseline).
    pub by_level: LevelCounts,
    /// Findings the baseline suppressed.
    pub suppressed_by_baseline: u64,
    /// The `--fail-on` level.
    pub fail_on: FailOn,
    /// Whether a finding reached it (exit code 1).
    pub failed: bool,
}

/// The whole report of a `check` run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Report {
    /// `acs-logs`.
    pub tool: String,
    /// The tool's version.
    pub version: String,
    /// Where the schemas came from.
    pub schema_set: String,
    /// The findings, most severe first, then by id, category and field.
    pub findings: Vec<Finding>,
    /// The statistics block.
    pub summary: Summary,
}

impl Report {
    /// The JSON Schema of the report, as checked into the repository.
    pub fn json_schema() -> serde_json::Value {
        serde_json::to_value(schemars::schema_for!(Report)).unwrap_or_default()
    }

    /// The exit code the CI contract gives this report: 1 when it failed, else 0.
    pub fn exit_code(&self) -> u8 {
        u8::from(self.summary.failed)
    }
}

/// Everything a report is built from besides the run itself.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ReportContext<'a> {
    /// The compiled schema set.
    pub schema_index: &'a SchemaIndex,
    /// Levels.
    pub config: &'a Config,
    /// Accepted findings, if `--baseline` was given.
    pub baseline: Option<&'a Baseline>,
    /// `--fail-on`.
    pub fail_on: FailOn,
    /// Where the schemas came from.
    pub schema_set: &'a str,
}

/// Builds the report of a run.
pub(crate) fn build_report(run: &RunOutput, context: &ReportContext<'_>) -> Report {
    build_report_with(run, context, Vec::new())
}

/// Builds a report from a run plus findings made elsewhere (the docs check's page findings).
/// What the run checked ([`RunOutput::subject`]) decides how it is spoken of: the kind of
/// its locations, the input format, and whether documented fields no record carried are
/// findings (they are for data, not for a page's handful of examples).
pub(crate) fn build_report_with(
    run: &RunOutput,
    context: &ReportContext<'_>,
    extra: Vec<Finding>,
) -> Report {
    let inventories = &context.schema_index.inventories;
    let aggregate = &run.aggregate;
    let coverage_findings = run.subject == Subject::Data;
    let mut findings: Vec<Finding> = aggregate
        .findings()
        // One drift, one finding: a documented column no record carried is reported once, as
        // never seen, not also as missing from every record.
        .filter(|(head, _, acc)| {
            !(coverage_findings
                && head.id == FindingId::MissingRequiredField
                && never_seen_field(aggregate, *head, acc))
        })
        .map(|(head, field, acc)| finding(head, field, acc, inventories, run))
        .collect();
    if coverage_findings {
        findings.extend(never_seen(aggregate, inventories, context.config));
    }
    findings.extend(extra);
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    let (findings, suppressed) = match context.baseline {
        Some(baseline) => baseline.partition(findings),
        None => (findings, Vec::new()),
    };
    let mut by_id: BTreeMap<FindingId, IdCount> = BTreeMap::new();
    let mut by_level = LevelCounts::default();
    for finding in &findings {
        let count = by_id.entry(finding.id).or_default();
        count.findings += 1;
        count.occurrences += finding.count;
        match finding.level {
            Level::Error => by_level.error += 1,
            Level::Warning => by_level.warning += 1,
            Level::Info => by_level.info += 1,
        }
    }
    let failed = findings
        .iter()
        .any(|finding| context.fail_on.fails(finding.level));
    // A record whose only drift was lacking fields no record carried has no finding left (each
    // field is one note about its category): it is counted valid, so the counts agree with
    // the findings.
    let mut valid_after_all = ValidAfterAll::default();
    if coverage_findings {
        for (input, category, records) in aggregate.valid_after_all() {
            *valid_after_all.inputs.entry(input).or_default() += records;
            *valid_after_all.categories.entry(category).or_default() += records;
            valid_after_all.total += records;
        }
    }
    let mut categories: Vec<CategorySummary> = inventories
        .iter()
        .enumerate()
        .filter_map(|(index, inventory)| {
            let index = category_id(index);
            let tally = ValidAfterAll::settle(
                aggregate.category_tally(index),
                valid_after_all.categories.get(&index),
            );
            (tally.total > 0).then(|| CategorySummary {
                category: inventory.category.clone(),
                table: Some(inventory.table.clone()),
                known: true,
                records: tally.into(),
                coverage: Some(coverage(inventory, aggregate.seen(index))),
            })
        })
        .collect();
    for (key, tally) in aggregate.other_categories() {
        let category = match key {
            CategoryKey::Unknown(name) => name.clone(),
            CategoryKey::Known(_) | CategoryKey::Unnamed => String::new(),
        };
        categories.push(CategorySummary {
            category,
            table: None,
            known: false,
            records: (*tally).into(),
            coverage: None,
        });
    }
    let inputs = run
        .inputs
        .iter()
        .enumerate()
        .map(|(index, input)| {
            let input_id = category_id(index);
            let tally = ValidAfterAll::settle(
                aggregate.input_tally(input_id),
                valid_after_all.inputs.get(&input_id),
            );
            let info = run.infos.get(index).cloned().unwrap_or_default();
            InputSummary {
                input: input.display.clone(),
                format: match run.subject {
                    Subject::Data => info.format.map(|format| format.as_str().to_owned()),
                    Subject::Pages => Some("markdown".to_owned()),
                },
                not_read: info.not_read,
                gzip: info.gzip,
                shapes: Shapes {
                    log_analytics: tally.log_analytics,
                    resource_log: tally.resource_log,
                },
                records: tally.into(),
            }
        })
        .collect();
    Report {
        tool: "acs-logs".into(),
        version: env!("CARGO_PKG_VERSION").into(),
        schema_set: context.schema_set.to_owned(),
        findings,
        summary: Summary {
            records: ValidAfterAll::settle(aggregate.total(), Some(&valid_after_all.total)).into(),
            categories,
            inputs,
            by_id,
            by_level,
            suppressed_by_baseline: suppressed.len() as u64,
            fail_on: context.fail_on,
            failed,
        },
    }
}

fn coverage(inventory: &CategoryInventory, seen: u128) -> Coverage {
    let never_seen: Vec<String> = inventory
        .fields
        .iter()
        .enumerate()
        .filter(|(index, _)| seen & (1 << index) == 0)
        .map(|(_, field)| field.key.clone())
        .collect();
    Coverage {
        documented: inventory.fields.len() as u64,
        seen: (inventory.fields.len() - never_seen.len()) as u64,
        never_seen,
    }
}

/// Records counted with drift that are valid after all, per input, per category and in all.
#[derive(Default)]
struct ValidAfterAll {
    inputs: BTreeMap<u32, u64>,
    categories: BTreeMap<u32, u64>,
    total: u64,
}

impl ValidAfterAll {
    /// `tally` with `records` of its drifted records counted valid.
    fn settle(mut tally: Tally, records: Option<&u64>) -> Tally {
        let records = records.copied().unwrap_or(0).min(tally.with_drift);
        tally.with_drift -= records;
        tally.valid += records;
        tally
    }
}

/// Whether a finding is about a documented field no record of its category carried.
fn never_seen_field(aggregate: &Aggregate, head: Head, acc: &FindingAcc) -> bool {
    match (head.category, acc.documented) {
        (Some(category), Some(field)) => aggregate.seen(category) & (1 << field) == 0,
        _ => false,
    }
}

fn never_seen<'a>(
    aggregate: &'a Aggregate,
    inventories: &'a [CategoryInventory],
    config: &Config,
) -> impl Iterator<Item = Finding> + 'a {
    let level = config.level(FindingId::DocumentedFieldNeverSeen);
    inventories
        .iter()
        .enumerate()
        .flat_map(move |(index, inventory)| {
            let records = aggregate.category_tally(category_id(index)).total;
            let seen = aggregate.seen(category_id(index));
            let valued = aggregate.valued(category_id(index));
            inventory
                .fields
                .iter()
                .enumerate()
                .filter_map(move |(field_index, field)| {
                    let level = level?;
                    let bit = 1 << field_index;
                    // A column every record has but none fills (`null` throughout) is
                    // reported the same way: the data never shows what it holds.
                    let message = if seen & bit == 0 {
                        format!(
                            "`{}` is documented for {} but none of its {records} record(s) carried it",
                            field.key, inventory.category
                        )
                    } else if valued & bit == 0 {
                        format!(
                            "`{}` is documented for {} but never carried a value: null in all of its {records} record(s) that have it",
                            field.key, inventory.category
                        )
                    } else {
                        return None;
                    };
                    (records > 0).then(|| Finding {
                id: FindingId::DocumentedFieldNeverSeen,
                level,
                category: Some(inventory.category.clone()),
                field: Some(field.key.clone()),
                message,
                count: records,
                locations: Vec::new(),
                observed_types: BTreeMap::new(),
                examples: Vec::new(),
                strings: StringShapes::default(),
                documentation: Some(field.doc.clone()),
            })
                })
        })
}

fn finding(
    head: Head,
    field: &str,
    acc: &FindingAcc,
    inventories: &[CategoryInventory],
    run: &RunOutput,
) -> Finding {
    let inventory = head
        .category
        .and_then(|index| inventories.get(index as usize));
    // The documented field the rule resolved, as it resolved it: never looked up again here.
    let field_doc = inventory
        .zip(acc.documented)
        .and_then(|(inventory, index)| inventory.fields.get(index));
    let documentation: Option<DocRef> = match (head.id, inventory) {
        (FindingId::UndocumentedField, Some(inventory)) => Some(inventory.home.clone()),
        (_, Some(_)) => field_doc.map(|doc| doc.doc.clone()),
        (_, None) => None,
    };
    let observed_types: BTreeMap<String, u64> = JsonKind::ALL
        .into_iter()
        .zip(acc.types)
        .filter(|(_, count)| *count > 0)
        .map(|(kind, count)| (kind.as_str().to_owned(), count))
        .collect();
    let mut examples: Vec<String> = Vec::new();
    for sample in &acc.samples {
        if let Some(value) = &sample.value
            && !examples.contains(value)
        {
            examples.push(value.clone());
        }
    }
    let locations = acc
        .samples
        .iter()
        .map(|sample| {
            let file = run
                .inputs
                .get(sample.place.input as usize)
                .map_or_else(|| "?".to_owned(), |input| input.display.clone());
            Location {
                kind: match run.subject {
                    Subject::Data => LocationKind::Data,
                    Subject::Pages => LocationKind::Doc,
                },
                file,
                line: (sample.place.line > 0).then_some(sample.place.line),
                column: sample.column,
                record: sample.place.record,
                note: sample.note.clone(),
            }
        })
        .collect();
    let category = inventory.map(|inventory| inventory.category.clone());
    let category_name = category.as_deref().unwrap_or("?");
    let count = acc.count;
    let observed = observed_types
        .keys()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(" or ");
    let message = match head.id {
        // The keys past the ones kept one by one, counted together: not a key of the data.
        _ if field == OTHER_FIELDS => format!(
            "{count} more occurrence(s) of {} in {category_name}, of keys past the first {MAX_FIELDS} kept one by one, counted together",
            head.id.as_str()
        ),
        FindingId::UndocumentedField => {
            let message =
                format!("`{field}` is in the data but not documented for {category_name}");
            // Drift against the pages all the same; the second witness says whether it is new.
            match inventory
                .and_then(|inventory| Some((&inventory.table, inventory.reference_type(field)?)))
            {
                Some((table, kusto)) => format!(
                    "{message}; the Azure Monitor table reference for {table} documents it (Kusto {kusto})"
                ),
                None => message,
            }
        }
        FindingId::MissingRequiredField => {
            format!(
                "`{field}` is documented for {category_name} but missing from {count} record(s)"
            )
        }
        FindingId::DocumentedFieldNeverSeen => {
            format!("`{field}` is documented for {category_name} but never seen")
        }
        FindingId::TypeMismatch => {
            let expected = field_doc.map_or_else(String::new, |doc| {
                let types = match doc.preferred {
                    Some(preferred) => preferred.as_str().to_owned(),
                    None => doc
                        .types
                        .iter()
                        .map(|kind| kind.as_str())
                        .collect::<Vec<_>>()
                        .join(" or "),
                };
                match doc.kusto {
                    Some(kusto) => format!("{types} (Kusto {kusto} in the table reference)"),
                    None => types,
                }
            });
            // Every observed type is one the pages allow: the mismatch is with the Kusto type of
            // the Log Analytics column, and the message says that, not the pages' types.
            let kusto_only = field_doc.and_then(|doc| {
                let kusto = doc.kusto?;
                (doc.preferred.is_none()
                    && observed_types.keys().all(|name| {
                        JsonKind::ALL
                            .into_iter()
                            .find(|kind| kind.as_str() == name)
                            .is_some_and(|kind| kind.allowed_by(&doc.types))
                    }))
                .then_some(kusto)
            });
            // Integers by JSON Schema's count (`70.0`, `7e1`, past 64 bits) where integers are
            // documented: the drift is how the numbers are written, not their type.
            let integers_as_written = field_doc.is_some_and(|doc| {
                doc.types.contains(&JsonKind::Integer)
                    && doc
                        .preferred
                        .is_none_or(|preferred| preferred == JsonKind::Integer)
                    && !observed_types.is_empty()
                    && observed_types
                        .keys()
                        .all(|name| name == JsonKind::Integer.as_str())
            });
            let observed = if integers_as_written {
                "numbers an integer reader rejects as written (with a fraction or an exponent, or past 64 bits)".to_owned()
            } else {
                observed
            };
            match kusto_only {
                Some(kusto) => format!(
                    "`{field}` is a Kusto `{kusto}` column in the Log Analytics table (table reference), but {count} Log Analytics record(s) carry {observed}"
                ),
                None => format!(
                    "`{field}` is documented as {expected}, but {count} record(s) carry {observed}"
                ),
            }
        }
        FindingId::NameCaseMismatch => {
            let documented = field_doc.map_or("?", |doc| doc.key.as_str());
            // The SMS page's table writes `CorrelationID` where its examples and the table
            // reference write `CorrelationId`: data spelled as the table row is not told it
            // differs from "the documented" name.
            match field_doc.filter(|doc| doc.doc.name.as_deref() == Some(field)) {
                // Spelled as the column itself: it is a resource-log envelope key, which the
                // common schema spells otherwise (`durationMs`); each place says how.
                Some(_) if documented == field => format!(
                    "`{field}`, the column's own name, is used as a resource-log envelope key, which the common schema spells otherwise ({count} record(s))"
                ),
                Some(doc) => format!(
                    "`{field}` is spelled as the page's table row has it, but differs from the schema's key `{documented}`{} ({count} record(s))",
                    if doc.kusto.is_some() {
                        ", the column of the Azure Monitor table reference"
                    } else {
                        ""
                    }
                ),
                None => format!(
                    "`{field}` differs from the documented `{documented}` only in spelling ({count} record(s))"
                ),
            }
        }
        FindingId::UndocumentedEnumValue => {
            format!("`{field}` has a value outside the documented set in {count} record(s)")
        }
        FindingId::FormatViolation if field.is_empty() => format!(
            "{count} input(s) in their exporter's rendering, read back as the service writes them"
        ),
        FindingId::FormatViolation => {
            format!("`{field}` breaks the documented format in {count} record(s)")
        }
        FindingId::UnknownCategory if field.is_empty() => match run.subject {
            Subject::Data => format!(
                "{count} record(s) name no category (no Category, category or Type field, no insights-logs-<category> folder, no --category)"
            ),
            // For a page the question is the example's section, not folders and flags.
            Subject::Pages => format!(
                "{count} example record(s) name no category: no catalogued category's table or heading is above the example in its section, and the records carry no Category or Type field"
            ),
        },
        FindingId::UnknownCategory => {
            format!(
                "{count} record(s) name category `{field}`, which the catalog (the pages) does not cover"
            )
        }
        FindingId::UnreadableRecord => format!("{count} record(s) could not be read"),
        FindingId::UnreadableInput => {
            format!("{count} input(s) could not be read, or only in part")
        }
        FindingId::EmptyInput => format!("{count} input(s) hold no records"),
        // Documentation findings are built by the docs check with their own messages; one that
        // reached an aggregate would still read sensibly.
        docs_only => docs_only.description().to_owned(),
    };
    Finding {
        id: head.id,
        level: acc.level,
        category,
        field: (!field.is_empty()).then(|| field.to_owned()),
        message,
        count,
        locations,
        observed_types,
        examples,
        strings: acc.strings,
        documentation,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aggregate::Place;
    use crate::read::InputInfo;
    use crate::read::source::{Input, InputSource};
    use crate::{fast_path, validate};
    use acs_log_schemas::SchemaSet;

    /// A clean SMS row of Log Analytics (the first of `sms-clean.ndjson`), its `CorrelationId`
    /// column spelled `correlation_key`.
    fn sms_row(correlation_key: &str) -> String {
        format!(
            r#"{{"TenantId":"0b1c4e7a-93d2-4f5e-8a6b-2c3d4e5f6a7b","TimeGenerated":"2024-05-01T00:00:00.0150542Z","OperationName":"SMSDeliveryReportsReceived","OperationVersion":"","Category":"SMSOperational","{correlation_key}":"ecuehoMMccLNzGkpL0XmeA.0","ResultType":"Succeeded","ResultSignature":"200","ResultDescription":"","DurationMs":97,"CallerIpAddress":"","Level":"Informational","URI":"https://global.smsgw.prod.communication.microsoft.com/rtc/telephony/sms/DeliveryReport","OutgoingMessageLength":0,"IncomingMessageLength":0,"DeliveryAttempts":1,"PhoneNumber":"+917213070278","NumberType":"LongCodeNumber","SdkType":"","PlatformType":"","Method":"POST","MessageId":"Outgoing_20240501000000309d6b79-965e-4a32-9ae4-45508201e2bd_noam","Country":"IN","SourceSystem":"Azure","Type":"ACSSMSIncomingOperations"}}"#
        )
    }

    fn schema_index() -> SchemaIndex {
        SchemaIndex::new(SchemaSet::acs(), &Config::default(), None).unwrap()
    }

    fn sms(schema_index: &SchemaIndex) -> &CategoryInventory {
        schema_index
            .inventories
            .iter()
            .find(|inventory| inventory.category == "SMSOperational")
            .unwrap()
    }

    fn report_of(schema_index: &SchemaIndex, aggregate: Aggregate) -> Report {
        let run = RunOutput {
            subject: Subject::Data,
            aggregate,
            inputs: vec![Input {
                display: "-".into(),
                source: InputSource::Stdin,
                category_hint: None,
            }],
            infos: vec![InputInfo::default()],
        };
        let config = Config::default();
        let context = ReportContext {
            schema_index,
            config: &config,
            baseline: None,
            fail_on: FailOn::Error,
            schema_set: "<embedded acs>",
        };
        build_report(&run, &context)
    }

    /// Asserts that the report's `name-case-mismatch` of `field` points at the SMS doc row of
    /// the documented field `documented`, and names that field.
    fn assert_points_at(
        report: &Report,
        schema_index: &SchemaIndex,
        field: &str,
        documented: &str,
    ) {
        let inventory = sms(schema_index);
        let row = &inventory.fields[inventory.field_index(documented).unwrap()].doc;
        let finding = report
            .findings
            .iter()
            .find(|finding| {
                finding.id == FindingId::NameCaseMismatch && finding.field.as_deref() == Some(field)
            })
            .unwrap_or_else(|| panic!("no name-case-mismatch for {field}: {report:#?}"));
        assert_eq!(finding.documentation.as_ref(), Some(row));
        assert!(
            finding
                .message
                .contains(&format!("the documented `{documented}`")),
            "{}",
            finding.message
        );
    }

    /// The doc row of a near-miss spelling is the one the rule resolved the key to, on the hot
    /// path (the key table's near-miss role) and in the full check (`keys_rule`) alike.
    #[test]
    fn a_near_miss_spelling_points_at_the_row_the_rule_resolved() {
        let schema_index = schema_index();
        let line = sms_row("correlationid");
        let place = Place {
            input: 0,
            line: 1,
            record: None,
        };
        let mut fast = Aggregate::default();
        assert!(
            fast_path::check_line(
                &schema_index,
                &line,
                place,
                None,
                &mut fast_path::Scratch::default(),
                &mut fast
            ),
            "the hot path counts the row"
        );
        let mut full = Aggregate::default();
        let record = serde_json::from_str(&line).unwrap();
        validate::check_record(&schema_index, record, place, None, &mut full);
        for aggregate in [fast, full] {
            let report = report_of(&schema_index, aggregate);
            assert_points_at(&report, &schema_index, "correlationid", "CorrelationId");
        }
    }

    /// An envelope key spelled otherwise is resolved through the envelope mapping (`TIME` is
    /// `time`, whose column is `TimeGenerated`), which none of the field's own spellings
    /// matches: a report that looked the key up again in the inventory would find no row.
    #[test]
    fn an_envelope_misspelling_points_at_the_row_of_its_column() {
        let schema_index = schema_index();
        assert_eq!(sms(&schema_index).near_match("TIME"), None);
        let report = crate::check_str(
            r#"{"TIME":"2024-05-01T00:00:00Z","category":"SMSOperational","operationName":"SMSDeliveryReportsReceived","properties":{"Method":"POST"}}"#,
        )
        .unwrap();
        assert_points_at(&report, &schema_index, "TIME", "TimeGenerated");
    }
}
