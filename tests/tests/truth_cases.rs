//! The typed records on the truth cases (`tests/fixtures/truth/`): every real-shaped record in
//! them, whatever its shape (Log Analytics rows as JSON Lines, query responses, the az CLI's
//! all-string array, the portal's CSV, Storage-archive blobs, Event Hubs messages), reads into
//! its category's typed record; and the shapes of one event give the same documented fields.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use acs_log_schemas::{AcsRecord, ReadRecord, RecordShape, SchemaSet};
use serde_json::{Map, Value};
use std::path::{Path, PathBuf};

fn cases() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/truth")
}

/// Every data file under a directory, sorted.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(files(&path));
        } else if path
            .extension()
            .is_some_and(|ext| ext == "json" || ext == "ndjson" || ext == "csv")
        {
            found.push(path);
        }
    }
    found.sort();
    found
}

/// A query response's rows as records keyed by column name, cells as they are.
fn query_rows(response: &Value) -> Vec<Value> {
    let mut records = Vec::new();
    for table in response["tables"].as_array().unwrap() {
        let columns: Vec<&str> = table["columns"]
            .as_array()
            .unwrap()
            .iter()
            .map(|column| column["name"].as_str().unwrap())
            .collect();
        for row in table["rows"].as_array().unwrap() {
            let record: Map<String, Value> = columns
                .iter()
                .zip(row.as_array().unwrap())
                .map(|(name, cell)| ((*name).to_owned(), cell.clone()))
                .collect();
            records.push(Value::Object(record));
        }
    }
    records
}

/// The cells of one CSV line (RFC 4180 quoting; the truth cases hold no line breaks in cells).
fn csv_cells(line: &str) -> Vec<String> {
    let mut cells = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                cells.last_mut().unwrap().push('"');
            }
            ('"', _) => quoted = !quoted,
            (',', false) => cells.push(String::new()),
            _ => cells.last_mut().unwrap().push(c),
        }
    }
    cells
}

/// A CSV export as a user's CSV reader gives it: one all-string map per row, headers as written.
fn csv_rows(text: &str) -> Vec<Value> {
    let mut lines = text.lines();
    let headers = csv_cells(lines.next().unwrap());
    lines
        .map(|line| {
            let record: Map<String, Value> = headers
                .iter()
                .cloned()
                .zip(csv_cells(line).into_iter().map(Value::String))
                .collect();
            Value::Object(record)
        })
        .collect()
}

/// Every record of a file, in the file's own layout.
fn records_of(path: &Path) -> Vec<Value> {
    let text = std::fs::read_to_string(path).unwrap();
    if path.extension().is_some_and(|ext| ext == "csv") {
        return csv_rows(&text);
    }
    let values: Vec<Value> = match serde_json::from_str::<Value>(&text) {
        Ok(document) => vec![document],
        Err(_) => text
            .lines()
            .filter(|line| !line.trim().is_empty())
            .map(|line| serde_json::from_str(line).unwrap())
            .collect(),
    };
    values
        .into_iter()
        .flat_map(|value| match value {
            Value::Array(records) => records,
            Value::Object(ref map) if map.contains_key("tables") => query_rows(&value),
            Value::Object(mut map) if map.contains_key("records") => {
                match map.remove("records").unwrap() {
                    Value::Array(records) => records,
                    other => vec![other],
                }
            }
            other => vec![other],
        })
        .collect()
}

fn read_all(path: &Path) -> Vec<ReadRecord> {
    records_of(path)
        .into_iter()
        .enumerate()
        .map(|(index, record)| {
            AcsRecord::read(record)
                .unwrap_or_else(|error| panic!("{} record {index}: {error}", path.display()))
        })
        .collect()
}

#[test]
fn every_real_shaped_record_of_the_truth_cases_reads_into_its_typed_record() {
    let mut read = Vec::new();
    for path in files(&cases()) {
        let name = path.strip_prefix(cases()).unwrap().display().to_string();
        let name = name
            .rsplit_once("/y=")
            .map_or(name.clone(), |(folder, _)| folder.to_owned());
        for record in read_all(&path) {
            read.push(format!(
                "{name}: {} from {}",
                record.record.category(),
                serde_json::to_value(record.read_from)
                    .unwrap()
                    .as_str()
                    .unwrap()
            ));
        }
    }
    let count = |needle: &str| read.iter().filter(|line| line.ends_with(needle)).count();
    // All 32 records of the eight cases (3 + 2 + 3 + 4 + 2 + 2 + 3 + 4 + 3 + 6), each shape
    // recognised for what it is: the Event Hubs and archive records of cases 07 and 08, and the
    // all-string rows of `query_data.csv` and the CLI's output. (`crlf.csv` has string columns
    // only, which read the same in both forms.)
    assert_eq!(read.len(), 32, "{read:#?}");
    assert_eq!(count("from resource-log"), 5);
    assert_eq!(count("from all-strings"), 5);
    assert_eq!(count("from log-analytics"), 22);
    assert_eq!(
        read.iter()
            .filter(|line| line.starts_with("04-sms-az-cli-output"))
            .collect::<Vec<_>>(),
        [
            "04-sms-az-cli-output/az-query-output.json: SMSOperational from all-strings",
            "04-sms-az-cli-output/az-query-output.json: SMSOperational from all-strings",
        ]
    );
}

/// The documented fields of a typed record, as JSON. A column whose JSON type differs between
/// shapes (`IsHardBounce`: `"true"` in Log Analytics, `true` in resource logs) is compared in
/// its Log Analytics form, where `""` is no value.
fn documented(record: &ReadRecord) -> Map<String, Value> {
    let set = SchemaSet::acs();
    let properties = set.schema(record.record.category()).unwrap()["properties"]
        .as_object()
        .unwrap();
    let value = record.record.to_value().unwrap();
    let mut fields = Map::new();
    for (key, value) in value.as_object().unwrap() {
        let Some(property) = properties.get(key) else {
            continue;
        };
        let value = match value {
            Value::Bool(flag) if property["type"].is_array() => Value::from(flag.to_string()),
            Value::String(text) if text.is_empty() && property["type"].is_array() => continue,
            other => other.clone(),
        };
        fields.insert(key.clone(), value);
    }
    fields
}

#[test]
fn one_sms_event_gives_one_documented_record_in_three_shapes() {
    let case = cases().join("07-sms-one-event-three-shapes");
    let row = read_all(&case.join("log-analytics-row.ndjson")).remove(0);
    let message = read_all(&case.join("eventhubs-message.json")).remove(0);
    let blob = files(&case.join("storage")).remove(0);
    let archived = read_all(&blob).remove(0);
    assert_eq!(row.read_from, RecordShape::LogAnalytics);
    assert_eq!(message.read_from, RecordShape::ResourceLog);
    assert_eq!(archived.read_from, RecordShape::ResourceLog);
    let AcsRecord::SmsOperational(sms) = &archived.record else {
        panic!("not an SMS record");
    };
    // The archive's fields are filled, not left in `extra`.
    assert_eq!(sms.delivery_attempts, Some(0));
    assert_eq!(sms.outgoing_message_length, Some(88));
    assert_eq!(sms.operation_name.as_deref(), Some("SMSMessagesSent"));
    assert_eq!(
        sms.time_generated.as_ref().unwrap().as_str(),
        "2024-05-20T11:02:44.5180000Z"
    );
    // The shape-only fields are kept aside: the envelope's resourceId, the workspace columns.
    assert!(sms.extra.contains_key("resourceId"));
    let AcsRecord::SmsOperational(la) = &row.record else {
        panic!("not an SMS record");
    };
    assert_eq!(la.extra["Type"], "ACSSMSIncomingOperations");
    let expected = documented(&row);
    assert_eq!(expected.len(), 22, "every documented SMS column filled");
    assert_eq!(documented(&message), expected);
    assert_eq!(documented(&archived), expected);
    // Written back, a record says what it was read from.
    let written = serde_json::to_value(&archived).unwrap();
    assert_eq!(written["readFrom"], "resource-log");
    assert_eq!(written["record"]["resourceId"], sms.extra["resourceId"]);
}

#[test]
fn email_status_updates_give_the_same_documented_records_in_both_shapes() {
    let case = cases().join("08-email-status-two-shapes");
    let rows = read_all(&case.join("log-analytics-rows.ndjson"));
    let messages = read_all(&case.join("eventhubs-message.json"));
    assert_eq!((rows.len(), messages.len()), (3, 3));
    for (row, message) in rows.iter().zip(&messages) {
        assert_eq!(documented(row), documented(message));
        // `location` of the envelope is the `Location` column.
        assert_eq!(documented(message)["Location"], "United States");
    }
    // IsHardBounce takes both forms: a Kusto string in Log Analytics, a boolean in the archive.
    let hard = |record: &ReadRecord| {
        let AcsRecord::EmailStatusUpdateOperational(email) = &record.record else {
            panic!("not an email status record");
        };
        serde_json::to_value(&email.is_hard_bounce).unwrap()
    };
    assert_eq!(hard(&rows[2]), "true");
    assert_eq!(hard(&messages[2]), true);
    assert_eq!(hard(&messages[0]), Value::Null);
}

#[test]
fn thirteen_digit_chat_message_ids_fit_their_type() {
    let records = read_all(&cases().join("06-chat-message-ids/chat-rows.ndjson"));
    let ids: Vec<Option<i64>> = records
        .iter()
        .map(|record| {
            let AcsRecord::ChatOperational(chat) = &record.record else {
                panic!("not a Chat record");
            };
            chat.chat_message_id
        })
        .collect();
    assert_eq!(
        ids,
        [Some(1_716_201_123_456), None, None, Some(1_716_201_187_654)]
    );
}

#[test]
fn the_az_cli_and_csv_all_string_forms_are_typed_back() {
    let records = read_all(&cases().join("04-sms-az-cli-output/az-query-output.json"));
    let AcsRecord::SmsOperational(sms) = &records[0].record else {
        panic!("not an SMS record");
    };
    assert_eq!(sms.duration_ms, Some(130));
    assert_eq!(sms.outgoing_message_length, Some(151));
    assert_eq!(sms.extra["TableName"], "PrimaryResult");
    let rows = read_all(&cases().join("02-rooms-portal-csv-crlf/query_data.csv"));
    let AcsRecord::RoomsOperational(rooms) = &rows[0].record else {
        panic!("not a Rooms record");
    };
    // The portal's display date, read back as the instant it shows.
    assert_eq!(
        rooms.time_generated.as_ref().unwrap().as_str(),
        "2024-07-30T09:32:49.469Z"
    );
    assert_eq!(rooms.room_lifespan, Some(61));
    assert_eq!(rooms.pstn_dial_out_enabled, Some(false));
    // An undocumented column the table reference types int keeps its text in `extra`.
    assert_eq!(rooms.extra["RoomParticipantsCount"], "3");
}

#[test]
fn a_generated_type_reads_an_archive_record_through_its_flat_value() {
    use acs_log_schemas::records::SmsOperational;
    let case = cases().join("07-sms-one-event-three-shapes");
    let entry = records_of(&case.join("eventhubs-message.json")).remove(0);
    let (shape, flat) = AcsRecord::flat_value_as("SMSOperational", entry).unwrap();
    assert_eq!(shape, RecordShape::ResourceLog);
    let sms: SmsOperational = serde_json::from_value(flat).unwrap();
    assert_eq!(sms.phone_number.as_deref(), Some("+12065550188"));
    assert_eq!(sms.duration_ms, Some(142));
}
