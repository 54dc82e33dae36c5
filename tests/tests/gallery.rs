//! The gallery, compiled and exercised: every checked-in snapshot of generated code is included
//! here (see `build.rs`), so one that does not compile fails the suite; the tests below show
//! what the generated types do with data, one construct at a time.

// Test helpers may unwrap and panic: a failed assumption in a test is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

include!(concat!(env!("OUT_DIR"), "/snapshots.rs"));

use serde_json::{Value, json};

/// Parses `input` as `T` and asserts it serialises back to the same JSON.
fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(input: &Value) -> T {
    let typed: T = serde_json::from_value(input.clone()).unwrap();
    assert_eq!(&serde_json::to_value(&typed).unwrap(), input);
    typed
}

#[test]
fn colliding_keyword_and_spaced_names_get_one_deterministic_name_each() {
    let input = json!({
        "CorrelationID": "docs", "CorrelationId": "data", "correlation id": "spaced",
        "Operation Name": "op", "type": "t", "self": "s", "async": true, "2fa": false,
        "x-ms-request-id": "r", "$meta": "m", "_ResourceId": "/sub", "SDKVersion": "1",
        "UserIdA": "a", "naïve": "n", "": "empty", "extra": "named extra", "Undocumented": 1
    });
    let names: gallery::names::Names = round_trip(&input);
    assert_eq!(names.correlation_id, "docs");
    assert_eq!(names.correlation_id_2, "data");
    assert_eq!(names.correlation_id_3.as_deref(), Some("spaced"));
    assert_eq!(names.operation_name.as_deref(), Some("op"));
    assert_eq!(names.type_.as_deref(), Some("t"));
    assert_eq!(names.self_.as_deref(), Some("s"));
    assert_eq!(names.async_, Some(true));
    assert_eq!(names.n_2fa, Some(false));
    assert_eq!(names.x_ms_request_id.as_deref(), Some("r"));
    assert_eq!(names.meta.as_deref(), Some("m"));
    assert_eq!(names.resource_id.as_deref(), Some("/sub"));
    assert_eq!(names.sdk_version.as_deref(), Some("1"));
    assert_eq!(names.user_id_a.as_deref(), Some("a"));
    assert_eq!(names.na_ve.as_deref(), Some("n"));
    assert_eq!(names.empty.as_deref(), Some("empty"));
    assert_eq!(names.extra.as_deref(), Some("named extra"));
    assert_eq!(names.extra_2["Undocumented"], 1);
}

#[test]
fn int_or_string_unions_keep_the_form_the_data_used() {
    use gallery::unions::{Unions, UnionsResultSignature, UnionsScalar, UnionsShape};
    let number: Unions =
        round_trip(&json!({"ResultSignature": 202, "CallerIpAddress": "127.0.0.1"}));
    assert_eq!(number.result_signature, UnionsResultSignature::Integer(202));
    let text: Unions = round_trip(&json!({"ResultSignature": "200", "CallerIpAddress": ""}));
    assert_eq!(
        text.result_signature,
        UnionsResultSignature::String("200".to_owned())
    );
    // ipv4 | ipv6 | empty collapses to String: any of the three is just text.
    assert_eq!(text.caller_ip_address, "");
    let scalars: Vec<UnionsScalar> = [json!(3), json!(2.5), json!(true), json!("x")]
        .iter()
        .map(|value| serde_json::from_value(value.clone()).unwrap())
        .collect();
    assert_eq!(
        scalars,
        [
            UnionsScalar::Integer(3),
            UnionsScalar::Number(2.5),
            UnionsScalar::Boolean(true),
            UnionsScalar::String("x".to_owned())
        ]
    );
    let shaped: Unions = round_trip(&json!({
        "ResultSignature": 1, "CallerIpAddress": "::1", "Shape": {"radius": 2.0}
    }));
    assert!(
        matches!(shaped.shape, Some(UnionsShape::Circle(circle)) if (circle.radius - 2.0).abs() < f64::EPSILON)
    );
}

#[test]
fn optional_nullable_fields_keep_absent_and_null_apart() {
    use gallery::unions::Unions;
    let absent: Unions = round_trip(&json!({"ResultSignature": 1, "CallerIpAddress": ""}));
    assert_eq!(absent.maybe_count, None);
    let null: Unions =
        round_trip(&json!({"ResultSignature": 1, "CallerIpAddress": "", "MaybeCount": null}));
    assert_eq!(null.maybe_count, Some(None));
    let some: Unions =
        round_trip(&json!({"ResultSignature": 1, "CallerIpAddress": "", "MaybeCount": 4}));
    assert_eq!(some.maybe_count, Some(Some(4)));
}

#[test]
fn enums_keep_unknown_values_and_convert_both_ways() {
    use gallery::enums::{Enums, EnumsAwkward, EnumsNumberType};
    let known: Enums =
        round_trip(&json!({"NumberType": "DynamicAlphaSenderID", "Category": "SMSOperational"}));
    assert_eq!(known.number_type, EnumsNumberType::DynamicAlphaSenderId);
    let unknown: Enums =
        round_trip(&json!({"NumberType": "TollFree", "Category": "SMSOperational"}));
    assert_eq!(
        unknown.number_type,
        EnumsNumberType::Other("TollFree".to_owned())
    );
    assert_eq!(unknown.number_type.to_string(), "TollFree");
    assert_eq!(
        "ShortCodeNumber".parse(),
        Ok(EnumsNumberType::ShortCodeNumber)
    );
    assert_eq!(Enums::CATEGORY, "SMSOperational");
    assert_eq!(Enums::VERSION, 2);
    // Values that collide once sanitised are told apart; "Other" is a documented value here,
    // so the catch-all moved aside.
    assert_eq!(EnumsAwkward::from("a-b".to_owned()), EnumsAwkward::AB);
    assert_eq!(EnumsAwkward::from("a_b".to_owned()), EnumsAwkward::AB2);
    assert_eq!(EnumsAwkward::from("Other".to_owned()), EnumsAwkward::Other);
    assert_eq!(
        EnumsAwkward::from("new".to_owned()),
        EnumsAwkward::Other2("new".to_owned())
    );
    let nullable: Enums =
        round_trip(&json!({"NumberType": "x", "Category": "c", "Severity": null, "Priority": 2}));
    assert_eq!(nullable.severity, Some(None));
    assert_eq!(nullable.priority, Some(2));
}

#[test]
fn nested_objects_arrays_maps_and_recursion() {
    use gallery::nested::Nested;
    let input = json!({
        "id": "n1",
        "owner": {"name": "Ada", "address": {"city": "London", "floor": 2}},
        "tags": ["a", "b"],
        "matrix": [[1.5, 2.5], []],
        "attachments": [{"name": "a.txt", "size": 3}],
        "labels": {"team": "core"},
        "properties": {"free": ["form"]},
        "anything": null,
        "tree": {"value": 1, "children": [{"value": 2}], "parent": {"value": 0}}
    });
    let nested: Nested = round_trip(&input);
    assert_eq!(nested.owner.address.as_ref().unwrap().extra["floor"], 2);
    assert_eq!(nested.anything, Some(Value::Null));
    let tree = nested.tree.unwrap();
    assert_eq!(tree.children.unwrap()[0].value, 2);
    assert_eq!(tree.parent.unwrap().value, 0);
}

#[test]
fn references_resolve_within_and_across_files() {
    use gallery::refs::{Address, Refs, RefsLevel};
    let input = json!({
        "TimeGenerated": "2024-05-01T00:00:00.0040879Z",
        "home": {"city": "Oslo", "country": "NO"},
        "work": {"city": "Bergen"},
        "Level": "Warning",
        "contact": {"city": "Oslo", "email": "a@example.org"},
        "local": {"note": "n"}
    });
    let refs: Refs = round_trip(&input);
    assert_eq!(refs.level, RefsLevel::Warning);
    assert_eq!(refs.home.country.as_deref(), Some("NO"));
    assert_eq!(refs.contact.unwrap().email, "a@example.org");
    // Every definition of an input file is a type, referenced or not.
    let _: gallery::refs::Unreferenced = serde_json::from_value(json!({"flag": true})).unwrap();
    let _: Address = serde_json::from_value(json!({"city": "x"})).unwrap();
}

#[test]
fn formats_become_real_types_and_timestamps_keep_their_text() {
    use gallery::formats::Formats;
    let input = json!({
        "at": "2022-09-26T15:58:30.100+02:00", "v4": "127.0.0.1", "v6": "::1",
        "id": "936da01f-9abd-4d9d-80c7-02af85c822a8", "link": "https://example.org",
        "mail": "a@example.org", "day": "2024-05-01", "small": -5, "count": 5, "delta": -5,
        "ratio": 0.25, "amount": 12.5
    });
    let formats: Formats = round_trip(&input);
    assert_eq!(formats.at.as_str(), "2022-09-26T15:58:30.100+02:00");
    assert_eq!(formats.at.instant().timestamp_subsec_millis(), 100);
    assert_eq!(formats.v4, Some(std::net::Ipv4Addr::LOCALHOST));
    assert_eq!(
        formats.id.unwrap().to_string(),
        "936da01f-9abd-4d9d-80c7-02af85c822a8"
    );
    let bad = serde_json::from_value::<Formats>(json!({"at": "5/25/2023, 4:32:49.469 AM"}));
    assert!(
        bad.unwrap_err()
            .to_string()
            .contains("input contains invalid characters")
    );
}

#[test]
fn defaults_fill_absent_fields() {
    use gallery::defaults::{Defaults, DefaultsMode};
    let defaults: Defaults =
        serde_json::from_value(json!({"name": "n", "nickname": null})).unwrap();
    assert_eq!(defaults.level, "info");
    assert_eq!(defaults.retries, 3);
    assert_eq!(defaults.offset, -1);
    assert!((defaults.ratio - 0.5).abs() < f64::EPSILON);
    assert!(defaults.enabled);
    assert!(defaults.tags.is_empty());
    assert_eq!(defaults.mode, DefaultsMode::Safe);
    assert_eq!(defaults.nickname, None);
    assert_eq!(defaults.origin, None);
    // A required nullable field may be null but not absent.
    assert!(serde_json::from_value::<Defaults>(json!({"name": "n"})).is_err());
}

#[test]
fn unsupported_constructs_hold_any_json() {
    use gallery::unsupported::Unsupported;
    round_trip::<Unsupported>(&json!({
        "pair": ["a", 1], "mixed": true, "never": {"any": "thing"}, "negated": 4,
        "odd": 1.5, "broken": [], "x-custom": "kept"
    }));
}

#[test]
fn closed_objects_deny_unknown_fields_and_typed_maps_check_values() {
    use gallery::strict::Strict;
    round_trip::<Strict>(&json!({"closed": {"a": "x"}, "counters": {"total": 3, "left": 1}}));
    assert!(serde_json::from_value::<Strict>(json!({"closed": {"b": "x"}})).is_err());
    assert!(serde_json::from_value::<Strict>(json!({"counters": {"left": "one"}})).is_err());
}

#[test]
fn settings_rename_replace_and_deny() {
    let tuned: gallery::custom_settings::Tuned =
        serde_json::from_value(json!({"name": "n", "status": "on", "inner": {"flag": true}}))
            .unwrap();
    // The enum was replaced by String, and Eq was derived.
    assert_eq!(tuned.status.as_deref(), Some("on"));
    assert_eq!(tuned, tuned.clone());
    assert!(
        serde_json::from_value::<gallery::custom_settings::Tuned>(json!({"name": "n", "x": 1}))
            .is_err()
    );
}

#[test]
fn every_acs_snapshot_parses_its_own_doc_example() {
    use acs::sms_operational::SmsOperational;
    // The page's example, with ResultSignature as Log Analytics writes it (Kusto string in the
    // table reference; the page's number 202 contradicts it).
    let record = json!({
        "TimeGenerated": "2022-09-26T15:58:30.100Z", "OperationName": "SMSMessagesSent",
        "CorrelationId": "dDRmubfpNZZZZZnxBtw3Q.0", "OperationVersion": "2020-07-20-preview1",
        "Category": "SMSOperational", "ResultType": "Succeeded", "ResultSignature": "202",
        "ResultDescription": "", "DurationMs": 130, "CallerIpAddress": "127.0.0.1",
        "Level": "Informational", "URI": "https://sms-e2e-prod.communication.azure.com/sms",
        "OutgoingMessageLength": 151, "IncomingMessageLength": 0, "DeliveryAttempts": 0,
        "PhoneNumber": "+18445791704", "NumberType": "LongCodeNumber", "SdkType": "",
        "PlatformType": "", "Method": "POST", "MessageId": "Outgoing_1", "Country": "US"
    });
    let sms: SmsOperational = round_trip(&record);
    let time = sms.time_generated.expect("TimeGenerated is in the record");
    assert_eq!(time.as_str(), "2022-09-26T15:58:30.100Z");
}

#[test]
fn tolerated_required_fields_parse_when_absent_and_stay_required_in_the_schema() {
    use gallery::tolerant::Tolerant;
    let empty: Tolerant = round_trip(&json!({"note": "only this"}));
    assert_eq!((empty.id, empty.count), (None, None));
    let full: Tolerant = round_trip(&json!({"id": "a", "count": 2}));
    assert_eq!((full.id.as_deref(), full.count), (Some("a"), Some(2)));
    let schema = schemars::schema_for!(Tolerant);
    assert_eq!(schema.as_value()["required"], json!(["id", "count"]));
}
