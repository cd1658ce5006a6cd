//! Every class of bad directory file fails naming the row, the id and the field.

use serde_json::{Value, json};

use crate::centers::{Directory, DirectoryError, ZipTable, parse_directory};

fn zips() -> ZipTable {
    ZipTable::embedded().unwrap()
}

fn good_row(id: &str) -> Value {
    json!({
        "id": id,
        "name": "Example Center",
        "kind": "private_clinic",
        "city": "Fort Worth",
        "state": "TX",
        "zip": "76102",
        "street_address": "1 Example Street",
        "location": {"lat": 32.7589, "lon": -97.328, "precision": "address"},
        "therapies": ["knee_msc_injection", "knee_msc_prp"],
        "flags": {"gmp_lab": false},
        "npi": "1234567893",
        "tin": "12-3456789",
        "website": "https://example.org",
        "phone": "(817) 555-0100",
        "last_verified": "2026-01-01",
        "source": "test row",
        "prices": {"knee_msc_injection": {
            "base": {"low_cents": 350000, "high_cents": 2500000},
            "typical_cents": 600000,
            "source": "test price list",
            "as_of": "2026-01-01"
        }}
    })
}

fn load(rows: Vec<Value>) -> Result<Directory, DirectoryError> {
    let text = json!({"format_version": 1, "centers": rows}).to_string();
    Directory::from_json_str(&text, &zips())
}

/// Row 1 with `edit` applied, after a good row 0.
fn load_with(edit: impl FnOnce(&mut Value)) -> Result<Directory, DirectoryError> {
    let mut bad = good_row("second");
    edit(&mut bad);
    load(vec![good_row("first"), bad])
}

#[test]
fn a_fully_populated_row_loads() {
    let dir = load(vec![good_row("first")]).unwrap();
    let center = dir.get("first").unwrap();
    assert_eq!(center.phone.as_ref().unwrap().as_str(), "+18175550100");
    assert_eq!(center.prices.len(), 1);
}

#[test]
fn the_directory_gives_back_every_field_of_every_row() {
    let mut sparse = good_row("sparse");
    let row = sparse.as_object_mut().unwrap();
    for field in [
        "street_address",
        "npi",
        "tin",
        "website",
        "phone",
        "prices",
        "flags",
    ] {
        row.remove(field);
    }
    row["location"]["precision"] = json!("zip");
    let text = json!({"format_version": 1, "centers": [good_row("full"), sparse]}).to_string();
    let rows = parse_directory(&text).unwrap();
    let dir = Directory::from_json_str(&text, &zips()).unwrap();
    assert_eq!(dir.centers().collect::<Vec<_>>(), rows);
    assert_eq!(dir.get("sparse").as_ref(), Some(&rows[1]));
    assert_eq!(dir.prices("full"), Some(&rows[0].prices));
    assert_eq!(dir.prices("sparse").map(|p| p.len()), Some(0));
    assert_eq!(dir.prices("none"), None);
}

#[test]
fn the_first_bad_row_in_file_order_is_reported_whether_bad_alone_or_by_its_id() {
    let mut unnamed = good_row("unnamed");
    unnamed["name"] = json!("");
    let row_of = |rows: Vec<Value>| match load(rows).unwrap_err() {
        DirectoryError::Row(e) => (e.row, e.field, e.problem),
        other => panic!("{other:?}"),
    };
    let (row, field, _) = row_of(vec![good_row("a"), unnamed.clone(), good_row("a")]);
    assert_eq!((row, field.as_str()), (1, "name"));
    let (row, field, problem) = row_of(vec![good_row("a"), good_row("a"), unnamed.clone()]);
    assert_eq!((row, field.as_str()), (1, "id"));
    assert_eq!(problem, "the id is already used by row 0");
    // A row both reusing an id and bad on its own is reported for its id, as before.
    let mut both = unnamed;
    both["id"] = json!("a");
    let (row, field, _) = row_of(vec![good_row("a"), good_row("b"), both, good_row("b")]);
    assert_eq!((row, field.as_str()), (2, "id"));
    let (row, _, problem) = row_of(vec![
        good_row("x"),
        good_row("y"),
        good_row("y"),
        good_row("x"),
    ]);
    assert_eq!(
        (row, problem.as_str()),
        (2, "the id is already used by row 1")
    );
}

#[test]
fn the_file_may_list_its_fields_in_any_order_or_as_an_array_but_only_once() {
    let row = good_row("first");
    for text in [
        json!({"centers": [row.clone()], "format_version": 1}).to_string(),
        json!([1, [row.clone()]]).to_string(),
    ] {
        assert_eq!(parse_directory(&text).unwrap().len(), 1, "{text}");
    }
    for text in [
        r#"{"format_version": 1, "format_version": 1, "centers": []}"#,
        r#"{"format_version": 1, "centers": [], "centers": []}"#,
        r#"{"centers": []}"#,
        r#"{"format_version": 1, "centers": [], "extra": 1}"#,
        r#"[1]"#,
        r#"[1, [], 2]"#,
        r#"{"format_version": 1, "centers": []} []"#,
    ] {
        assert!(parse_directory(text).is_err(), "{text}");
    }
}

#[test]
fn every_bad_row_class_fails_naming_row_id_and_field() {
    type Edit = Box<dyn FnOnce(&mut Value)>;
    let set = |field: &'static str, value: Value| -> Edit {
        Box::new(move |row: &mut Value| row[field] = value)
    };
    let cases: Vec<(&str, Edit)> = vec![
        ("id", set("id", json!("first"))),
        ("name", set("name", json!(" "))),
        ("name", set("name", json!("x".repeat(201)))),
        ("kind", set("kind", json!("spa"))),
        ("state", set("state", json!("XX"))),
        ("state", set("state", json!("AE"))),
        ("city", set("city", json!(""))),
        (
            "street_address",
            set("street_address", json!("bad\u{7}address")),
        ),
        ("zip", set("zip", json!("00000"))),
        ("zip", set("zip", json!("10016"))),
        ("zip", set("zip", json!("7610"))),
        (
            "location.lat",
            Box::new(|r: &mut Value| r["location"]["lat"] = json!(91.0)),
        ),
        (
            "location.lon",
            Box::new(|r: &mut Value| r["location"]["lon"] = json!(-181.0)),
        ),
        (
            "location.precision",
            Box::new(|r: &mut Value| r["location"]["precision"] = json!("street")),
        ),
        (
            "location.precision",
            Box::new(|r: &mut Value| {
                r.as_object_mut().unwrap().remove("street_address");
            }),
        ),
        (
            "location.precision",
            Box::new(|r: &mut Value| {
                r.as_object_mut().unwrap().remove("zip");
                r["location"]["precision"] = json!("zip");
            }),
        ),
        (
            "therapies[1]",
            set("therapies", json!(["knee_msc_injection", "knee"])),
        ),
        (
            "therapies[1]",
            set(
                "therapies",
                json!(["knee_msc_injection", "knee_msc_injection"]),
            ),
        ),
        ("npi", set("npi", json!("1234567890"))),
        ("tin", set("tin", json!("123"))),
        ("website", set("website", json!("example.org"))),
        ("phone", set("phone", json!("555-0100"))),
        ("last_verified", set("last_verified", json!("2026-13-01"))),
        ("source", set("source", json!(""))),
        (
            "prices.hsct",
            Box::new(|r: &mut Value| {
                r["prices"]["hsct"] = r["prices"]["knee_msc_injection"].clone();
            }),
        ),
        (
            "prices.knee_msc_injection.typical_cents",
            Box::new(|r: &mut Value| {
                r["prices"]["knee_msc_injection"]["typical_cents"] = json!(1);
            }),
        ),
        (
            "prices.knee_msc_injection.base",
            Box::new(|r: &mut Value| {
                r["prices"]["knee_msc_injection"]["base"]["low_cents"] = json!(9_999_999);
            }),
        ),
        (
            "prices.knee_msc_injection.source",
            Box::new(|r: &mut Value| {
                r["prices"]["knee_msc_injection"]["source"] = json!("");
            }),
        ),
        ("colour", set("colour", json!("blue"))),
        (
            "name",
            Box::new(|r: &mut Value| {
                r.as_object_mut().unwrap().remove("name");
            }),
        ),
        (
            "flags.vip",
            Box::new(|r: &mut Value| r["flags"]["vip"] = json!(true)),
        ),
    ];
    for (field, edit) in cases {
        match load_with(edit) {
            Err(DirectoryError::Row(e)) => {
                assert_eq!((e.row, e.field.as_str()), (1, field), "{e}");
                assert_eq!(
                    e.id.as_deref(),
                    Some(if field == "id" { "first" } else { "second" }),
                    "{e}"
                );
                let message = e.to_string();
                assert!(
                    message.contains("row 1") && message.contains(field),
                    "{message}"
                );
            }
            other => panic!("{field}: expected a row error, got {other:?}"),
        }
    }
}

#[test]
fn a_row_without_an_id_still_names_its_index() {
    let err = load_with(|r| {
        r.as_object_mut().unwrap().remove("id");
    })
    .unwrap_err();
    match err {
        DirectoryError::Row(e) => assert_eq!((e.row, e.id, e.field.as_str()), (1, None, "id")),
        other => panic!("{other:?}"),
    }
}

#[test]
fn whole_file_problems_name_the_top_level_field() {
    let cases = [
        (r#"{"format_version": 2, "centers": []}"#, "format_version"),
        (r#"{"format_version": 1, "centers": {}}"#, "centers"),
        (r#"{"format_version": 1}"#, "centers"),
        (r#"{"format_version": 1, "centers": [] "#, "."),
        ("not json", "."),
    ];
    for (text, field) in cases {
        match parse_directory(text) {
            Err(DirectoryError::File { field: f, .. }) => assert_eq!(f, field, "{text}"),
            other => panic!("{text}: {other:?}"),
        }
    }
}

#[test]
fn an_unreadable_override_file_names_its_path() {
    let err = Directory::from_path(std::path::Path::new("/nonexistent/centers.json"), &zips())
        .unwrap_err();
    assert!(
        err.to_string().contains("/nonexistent/centers.json"),
        "{err}"
    );
}
