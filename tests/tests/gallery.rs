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
            UnionsScalar::Number(serde_json::Number::from_f64(2.5).unwrap()),
            UnionsScalar::Boolean(true),
            UnionsScalar::String("x".to_owned())
        ]
    );
    let shaped: Unions = round_trip(&json!({
        "ResultSignature": 1, "CallerIpAddress": "::1", "Shape": {"radius": 2.0}
    }));
    assert!(
        matches!(shaped.shape, Some(UnionsShape::Circle(circle)) if circle.radius.as_f64() == Some(2.0))
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
    // Values that collide once sanitised are told apart; "Other" and "other" are documented
    // values here, so the catch-all, named after all the values, is `Other3`.
    assert_eq!(EnumsAwkward::from("a-b".to_owned()), EnumsAwkward::AB);
    assert_eq!(EnumsAwkward::from("a_b".to_owned()), EnumsAwkward::AB2);
    assert_eq!(EnumsAwkward::from("Other".to_owned()), EnumsAwkward::Other);
    assert_eq!(EnumsAwkward::from("other".to_owned()), EnumsAwkward::Other2);
    // A value with no ASCII letter is named by its code points, not `Empty2`, `Empty3`, ...
    let spelled: Vec<EnumsAwkward> = ["", "ä", "Ä", "💥"]
        .into_iter()
        .map(|value| round_trip(&json!(value)))
        .collect();
    assert_eq!(
        spelled,
        [
            EnumsAwkward::Empty,
            EnumsAwkward::U00e4,
            EnumsAwkward::U00c4,
            EnumsAwkward::U1f4a5
        ]
    );
    assert_eq!(
        EnumsAwkward::from("new".to_owned()),
        EnumsAwkward::Other3("new".to_owned())
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
    assert_eq!(
        formats.v4.map(|v4| *v4.value()),
        Some(std::net::Ipv4Addr::LOCALHOST)
    );
    assert_eq!(
        formats.id.unwrap().to_string(),
        "936da01f-9abd-4d9d-80c7-02af85c822a8"
    );
    // A `float` is read as written: an f32 would change all three.
    for ratio in [json!(0.1), json!(16_777_217), json!(1e39)] {
        let formats: Formats = round_trip(&json!({"at": "2024-05-01T00:00:00Z", "ratio": ratio}));
        assert_eq!(formats.ratio.unwrap().to_string(), ratio.to_string());
    }
    // Unsigned formats refuse a negative value.
    for unsigned in ["tally", "port"] {
        let negative = json!({"at": "2024-05-01T00:00:00Z", unsigned: -1});
        assert!(
            serde_json::from_value::<Formats>(negative).is_err(),
            "{unsigned}"
        );
    }
    let large: Formats =
        round_trip(&json!({"at": "2024-05-01T00:00:00Z", "tally": 18_446_744_073_709_551_615_u64}));
    assert_eq!(large.tally, Some(u64::MAX));
    let bad = serde_json::from_value::<Formats>(json!({"at": "5/25/2023, 4:32:49.469 AM"}));
    assert!(
        bad.unwrap_err()
            .to_string()
            .contains("input contains invalid characters")
    );
}

#[test]
fn defaults_answer_for_absent_fields_without_being_written() {
    use gallery::defaults::{Defaults, DefaultsMode};
    let defaults: Defaults = round_trip(&json!({"name": "n", "nickname": null}));
    assert_eq!(defaults.level, None);
    assert_eq!(defaults.level_or_default(), "info");
    assert_eq!(defaults.retries_or_default(), 3);
    assert_eq!(defaults.offset_or_default(), -1);
    assert_eq!(defaults.shift_or_default(), -300_i16);
    assert_eq!(defaults.octet, None);
    assert_eq!(defaults.ratio_or_default().as_f64(), Some(0.5));
    assert!(defaults.enabled_or_default());
    assert!(defaults.tags_or_default().is_empty());
    assert_eq!(defaults.mode_or_default(), DefaultsMode::Safe);
    assert_eq!(defaults.nickname, None);
    assert_eq!(
        defaults
            .origin_or_default()
            .x
            .map(|x| x.to_string())
            .as_deref(),
        Some("0")
    );
    // A required nullable field may be null but not absent.
    assert!(serde_json::from_value::<Defaults>(json!({"name": "n"})).is_err());
}

#[test]
fn unsupported_constructs_hold_any_json() {
    use gallery::unsupported::Unsupported;
    round_trip::<Unsupported>(&json!({
        "pair": ["a", 1], "mixed": true, "never": {"any": "thing"}, "contradiction": 1.5, "negated": 4,
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

/// Reads a sample of a case or corpus folder, parses it as `T` from the text (so numbers reach
/// the type as written) and asserts it serialises back to the same JSON: the same values, and
/// numbers exactly (`1` is not `1.0`; `serde_json::Number` compares its integer and float forms
/// apart).
fn round_trip_sample<T: serde::de::DeserializeOwned + serde::Serialize>(path: &str) -> T {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("codegen")
        .join(path);
    let text = std::fs::read_to_string(&path).unwrap();
    let expected: Value = serde_json::from_str(&text).unwrap();
    let typed: T =
        serde_json::from_str(&text).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    let back = serde_json::to_value(&typed).unwrap();
    assert_eq!(back, expected, "{} changed on the way back", path.display());
    typed
}

#[test]
fn recursion_through_a_union_is_typed() {
    use cases::case_01_recursion_through_union::{
        Expr, ExprAdd, ExprNeg, Expression, NodeChild, Tree,
    };
    let tree: Tree = round_trip_sample("cases/01-recursion-through-union/samples/sample.json");
    let NodeChild::Variant2(inner) = &tree.nodes.children[1] else {
        panic!(
            "the second child holds children: {:?}",
            tree.nodes.children[1]
        );
    };
    assert!(matches!(&inner.children[0], NodeChild::Leaf(leaf) if leaf.prop == "b"));
    let Some(Expression::LogicalOperator(and)) = &tree.filter else {
        panic!("the filter is a logical node: {:?}", tree.filter);
    };
    let and = and.and.as_ref().unwrap();
    assert!(
        matches!(&and[1], Expression::LogicalOperator(or) if or.or.as_ref().unwrap().len() == 2)
    );
    // A union holding itself directly: boxed.
    let expr: Expr = round_trip_sample("cases/01-recursion-through-union/samples/boxed.json");
    let Expr::Add(ExprAdd { left, right, .. }) = expr else {
        panic!("the root is a sum: {expr:?}");
    };
    assert_eq!(*left, Expr::Integer(1));
    assert!(matches!(*right, Expr::Neg(ExprNeg { ref neg, .. }) if matches!(**neg, Expr::Add(_))));
    // The minimal form: `and` is a list of the union itself.
    let e: cases::case_01_recursion_through_union::E =
        serde_json::from_value(json!({"and": ["x", {"and": []}]})).unwrap();
    assert_eq!(
        serde_json::to_value(&e).unwrap(),
        json!({"and": ["x", {"and": []}]})
    );
}

#[test]
fn all_of_a_single_reference_is_that_type() {
    use cases::case_02_allof_single_ref::{Identity, Level, Minimal, PrincipalKind, Schema, X};
    let record: Schema = round_trip_sample("cases/02-allof-single-ref/samples/sample.json");
    // `caller` and `target` are both the one `Identity`, not copies.
    let caller: &Identity = &record.caller;
    let target: &Identity = &record.target;
    assert_eq!(caller.kind, Some(PrincipalKind::User));
    assert_eq!(target.kind, Some(PrincipalKind::ServicePrincipal));
    assert_eq!(record.level, Some(Level::Warning));
    let minimal = Minimal {
        a: Some(X {
            v: None,
            extra: serde_json::Map::new(),
        }),
        b: None,
        extra: serde_json::Map::new(),
    };
    assert_eq!(serde_json::to_value(&minimal).unwrap(), json!({"a": {}}));
}

#[test]
fn pattern_properties_keep_the_keys_they_allow() {
    use cases::case_03_pattern_properties_deny::{Minimal, Schema};
    let item: Schema = round_trip_sample("cases/03-pattern-properties-deny/samples/sample.json");
    assert_eq!(item.extra["x-pipeline"], "ingest-7");
    let minimal: Minimal = serde_json::from_value(json!({"a": "1", "x-b": 2})).unwrap();
    assert_eq!(minimal.extra["x-b"], 2);
}

#[test]
fn schema_names_never_break_the_build() {
    use cases::case_05_names_keywords_symbols::{
        Default, IssueCommentCreated, IssueCommentCreatedSort, MailEvent,
    };
    let event: IssueCommentCreated =
        round_trip_sample("cases/05-names-keywords-symbols/samples/sample-issue_comment.json");
    assert_eq!(event.sort, Some(IssueCommentCreatedSort::ReactionsMinus1));
    assert_eq!(
        (
            event.comment.reactions.plus1,
            event.comment.reactions.minus1
        ),
        (2, 1)
    );
    let mail: MailEvent =
        round_trip_sample("cases/05-names-keywords-symbols/samples/sample-mail.json");
    assert_eq!(mail.from.address, "noreply@example.com");
    assert_eq!(
        (mail.type_.as_str(), mail.type_2.as_deref()),
        ("delivery", Some("Delivery"))
    );
    assert_eq!(
        (mail.self_.as_deref(), mail.self_2.as_deref()),
        (Some("urn:msg:1"), Some("urn:msg:1/self"))
    );
    assert_eq!(mail.status, Some(Default::Bounced));
    assert_eq!(mail.extra["undocumented"], 1);
}

#[test]
fn prelude_names_and_symbol_values_compile_and_round_trip() {
    use cases::case_13_prelude_names::{Default, Prelude, Result};
    let prelude: Prelude = round_trip_sample("cases/13-prelude-names/samples/sample.json");
    assert_eq!(prelude.result, Some(Result::Integer(3)));
    assert_eq!(prelude.default, Some(Default::Minus1));
    assert_eq!(prelude.default_or_default(), Default::Minus1);
    let values: Vec<Default> = ["+1", "-1", "*", "", "Default", "Other", "new"]
        .into_iter()
        .map(|value| Default::from(value.to_owned()))
        .collect();
    assert_eq!(
        values,
        [
            Default::Plus1,
            Default::Minus1,
            Default::Star,
            Default::Empty,
            Default::Default,
            Default::Other,
            Default::Other2("new".to_owned())
        ]
    );
    let empty: Prelude = round_trip(&json!({"option": {}}));
    assert_eq!(empty.default_or_default(), Default::Star);
    // Defaults built through types called `IntoIterator` and a map of `Into`.
    assert_eq!(empty.into_iter_or_default().n, Some(1));
    assert_eq!(empty.into_or_default()["k"], "v");
}

#[test]
fn doc_hazards_compile_and_the_record_round_trips() {
    use cases::case_07_doc_comment_hazards::{Schema, SchemaLevel};
    let record: Schema = round_trip_sample("cases/07-doc-comment-hazards/samples/sample.json");
    assert_eq!(
        record.level,
        Some(SchemaLevel::from(
            "code:\n\n    panic!(\"from an enum value\")".to_owned()
        ))
    );
    assert!(!matches!(record.level, Some(SchemaLevel::Other(_))));
    assert_eq!(record.const_key.as_deref(), Some("\"#*/`"));
}

#[test]
fn numbers_come_back_as_they_were_written() {
    use cases::case_08_number_unions_nullable::{AttributeNameValueValue, Minimal, Schema};
    let resource: Schema = round_trip_sample("cases/08-number-unions-nullable/samples/sample.json");
    let attributes = resource.attributes.unwrap();
    let Some(AttributeNameValueValue::Number(big)) = &attributes[7].value else {
        panic!("a 64-bit id is a number: {:?}", attributes[7].value);
    };
    assert_eq!(big.to_string(), "9007199254740993");
    let one: Minimal = round_trip(&json!({"n": 1}));
    assert_eq!(serde_json::to_string(&one).unwrap(), r#"{"n":1}"#);
    let spelled: cases::case_12_exact_spellings::Spellings =
        round_trip_sample("cases/12-exact-spellings/samples/sample.json");
    let text = serde_json::to_string(&spelled).unwrap();
    for written in [
        r#""whole":1,"#,
        r#""fraction":1.5,"#,
        r#""big":9007199254740993,"#,
        r#""bigNumber":18446744073709551615,"#,
        r#""negative":-9007199254740993,"#,
        r#""numbers":[1,2.0,3.25,0]"#,
        r#""id":"{936DA01F-9ABD-4D9D-80C7-02AF85C822A8}""#,
        r#""v6":"2001:0db8:0000:0000:0000:0000:0000:0001""#,
        r#""at":"2024-05-01T10:21:03.1234567Z""#,
    ] {
        assert!(text.contains(written), "{written} is not in {text}");
    }
    // Still parsed: the values are real, only their spelling is kept.
    let id = spelled.id.unwrap();
    assert_eq!(
        id.value().to_string(),
        "936da01f-9abd-4d9d-80c7-02af85c822a8"
    );
    assert_eq!(
        spelled.v6.unwrap().value(),
        &"2001:db8::1".parse::<std::net::Ipv6Addr>().unwrap()
    );
}

#[test]
fn dynamic_and_recursive_references_and_bundles_resolve() {
    use cases::case_09_dynamic_ref_nested_id::{Bundle, Envelope, Minimal, Tree2019, Tree2020};
    let tree: Tree2020 =
        round_trip_sample("cases/09-dynamic-ref-nested-id/samples/sample-tree.json");
    let children: &Vec<Tree2020> = tree.children.as_ref().unwrap();
    assert_eq!(
        children[1].children.as_ref().unwrap()[0].name.as_deref(),
        Some("b1")
    );
    let tree: Tree2019 =
        round_trip_sample("cases/09-dynamic-ref-nested-id/samples/sample-tree.json");
    assert_eq!(tree.children.unwrap().len(), 2);
    let bundle: Bundle =
        round_trip_sample("cases/09-dynamic-ref-nested-id/samples/sample-bundle.json");
    let envelope: &Envelope = &bundle;
    assert_eq!(envelope.payload.count, Some(3));
    let minimal: Minimal = round_trip(&json!({"c": [{"c": []}]}));
    assert_eq!(minimal.c.unwrap()[0].c.as_ref().map(Vec::len), Some(0));
}

#[test]
fn unions_told_apart_by_a_constant_are_read_by_it() {
    use cases::case_10_tagged_unions::{Events, Shapes};
    let events: Vec<Events> = round_trip_sample("cases/10-tagged-unions/samples/events.json");
    assert!(matches!(&events[0], Events::Created(created) if created.size == Some(3)));
    assert!(
        matches!(&events[1], Events::Deleted(deleted) if deleted.extra["reason"] == "kept as an unknown field")
    );
    assert!(matches!(&events[2], Events::Renamed(renamed) if renamed.to.as_deref() == Some("y")));
    // The member without a constant is the catch-all.
    assert!(matches!(&events[3], Events::Unknown(other) if other.type_ == "archived"));
    let shapes: Vec<Shapes> = round_trip_sample("cases/10-tagged-unions/samples/shapes.json");
    assert!(matches!(&shapes[1], Shapes::Square(square) if square.side.as_f64() == Some(2.5)));
    // A closed union names the value it does not know.
    let error = serde_json::from_value::<Shapes>(json!({"kind": "hexagon"})).unwrap_err();
    assert!(error.to_string().contains("hexagon"), "{error}");
}

#[test]
fn defaults_are_reachable_and_never_written_back() {
    use cases::case_11_defaults::{Defaults, DefaultsEndpoint, Level};
    let empty: Defaults = round_trip_sample("cases/11-defaults/samples/empty.json");
    assert_eq!(empty.name_or_default(), "svc");
    assert_eq!(empty.retries_or_default(), 3);
    assert_eq!(empty.offset_or_default(), -1);
    assert_eq!(empty.ratio_or_default().to_string(), "1");
    assert_eq!(empty.scale_or_default().as_f64(), Some(0.25));
    assert!(!empty.enabled_or_default());
    assert_eq!(empty.level_or_default(), Level::Warning);
    assert_eq!(empty.tags_or_default(), ["a", "b"]);
    assert_eq!(empty.limits_or_default()["cpu"], 2);
    let endpoint: DefaultsEndpoint = empty.endpoint_or_default();
    assert_eq!(
        (endpoint.host.as_str(), endpoint.port),
        ("localhost", Some(4318))
    );
    assert_eq!(endpoint.extra["note"], "kept");
    assert_eq!(empty.extra_data_or_default(), json!({"free": [1, "form"]}));
    let given: Defaults = round_trip_sample("cases/11-defaults/samples/given.json");
    assert_eq!(given.scale_or_default().as_f64(), Some(0.5));
    assert!(given.tags_or_default().is_empty());
}

#[test]
fn the_corpus_round_trips_its_public_examples() {
    let event: corpus::cloudevents::Cloudevents =
        round_trip_sample("corpus/cloudevents/samples/json-format-example.json");
    assert_eq!(event.type_, "com.example.someevent");
    assert_eq!(event.extra["comexampleothervalue"], 5);
    let build: corpus::cdevents::Buildqueued =
        round_trip_sample("corpus/cdevents/samples/build_queued.json");
    let links = build.context.links.unwrap();
    assert!(matches!(
        &links[0],
        corpus::cdevents::EmbeddedlinksarrayItem::Relation(_)
    ));
    assert!(matches!(
        &links[2],
        corpus::cdevents::EmbeddedlinksarrayItem::End(_)
    ));
    let resource: corpus::otel_configuration::Resource =
        round_trip_sample("corpus/otel-configuration/samples/resource-kitchen-sink.json");
    assert_eq!(resource.attributes.unwrap().len(), 9);
    let otlp: corpus::otel_configuration::Otlp =
        round_trip_sample("corpus/otel-configuration/samples/otlp-exporter.json");
    assert_eq!(otlp.headers.unwrap()["api-key"], "1234");
    let record: corpus::azure_resource_log::ResourceLogCommon =
        round_trip_sample("corpus/azure-resource-log/samples/storage-write.json");
    assert_eq!(record.time.as_str(), "2023-12-12T12:12:19.1357605Z");
    assert_eq!(record.extra["statusCode"], 200);
    let point: corpus::geojson::Point = round_trip_sample("corpus/geojson/samples/bbox.json");
    assert_eq!(serde_json::to_string(&point.coordinates).unwrap(), "[0,0]");
}
