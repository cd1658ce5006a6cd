//! `regenquote import-nppes`: a synthetic file with the real NPPES header becomes a directory
//! the service loads, whose centers are found by location and not by therapy.

use std::process::{Command, Output};

use regenquote::centers::write_synthetic_nppes;

use crate::helpers::{ScratchDir, spawn_app_with};

fn import(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_regenquote"))
        .arg("import-nppes")
        .args(args)
        .output()
        .expect("the binary runs")
}

#[tokio::test]
async fn an_imported_directory_keeps_active_organizations_and_is_searchable_by_location() {
    let dir = ScratchDir::new();
    let input = dir.0.join("npidata_pfile_20250101-20250131.csv");
    let out = dir.0.join("directory.json");
    let file = std::fs::File::create(&input).unwrap();
    let mix = write_synthetic_nppes(std::io::BufWriter::new(file), 400, 5).unwrap();
    let run = import(&[input.as_os_str(), "--out".as_ref(), out.as_os_str()]);
    let report = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{report}");
    for line in [
        "records read:               400".to_owned(),
        format!("centers written:            {}", mix.kept),
        format!("skipped, deactivated:       {}", mix.deactivated),
        format!("skipped, not organization:  {}", mix.individuals),
        format!("skipped, other taxonomy:    {}", mix.other_taxonomy),
        format!("skipped, bad NPI:           {}", mix.bad_npi),
    ] {
        assert!(report.contains(&line), "{line} in:\n{report}");
    }

    let directory = out.clone();
    let app = spawn_app_with(move |s| s.data.centers = Some(directory)).await;
    let text = std::fs::read_to_string(&out).unwrap();
    let first: serde_json::Value =
        serde_json::from_str::<serde_json::Value>(&text).unwrap()["centers"][0].clone();
    let id = first["id"].as_str().unwrap();
    assert!(id.starts_with("npi-"), "{id}");
    let center: serde_json::Value = app
        .get(&format!("/v1/centers/{id}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(center["therapies"], serde_json::json!([]), "{center}");
    assert_eq!(center["location"]["precision"], "zip");
    assert!(center.get("kind").is_none(), "{center}");
    let zip = first["zip"].as_str().unwrap();
    let near: serde_json::Value = app
        .get(&format!("/v1/centers?zip={zip}&radius_miles=5"))
        .await
        .json()
        .await
        .unwrap();
    assert!(
        near["centers"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["id"] == id),
        "{near}"
    );
    let by_therapy: serde_json::Value = app
        .get(&format!(
            "/v1/centers?zip={zip}&radius_miles=500&therapy=knee_msc_injection"
        ))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        by_therapy["total"], 0,
        "no imported center claims a therapy"
    );
}

#[test]
fn a_file_that_is_not_an_nppes_file_fails_naming_the_column_and_writes_nothing() {
    let dir = ScratchDir::new();
    let input = dir.0.join("other.csv");
    std::fs::write(
        &input,
        "\"NPI\",\"Entity Type Code\"\n\"1234567893\",\"2\"\n",
    )
    .unwrap();
    let out = dir.0.join("directory.json");
    let run = import(&[input.as_os_str(), "--out".as_ref(), out.as_os_str()]);
    assert!(!run.status.success());
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("no column `"), "{stderr}");
    assert!(!out.exists() && !dir.0.join("directory.json.partial").exists());
}

#[test]
fn a_bad_taxonomy_or_state_is_refused_before_reading() {
    for (flag, value, expected) in [
        (
            "--taxonomy",
            "207X",
            "a NUCC taxonomy code is 10 characters",
        ),
        ("--state", "XX", "XX"),
    ] {
        let run = import(&[
            "missing.csv".as_ref(),
            "--out".as_ref(),
            "out.json".as_ref(),
            flag.as_ref(),
            value.as_ref(),
        ]);
        assert_eq!(run.status.code(), Some(2), "{flag}");
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert!(stderr.contains(expected), "{flag}: {stderr}");
    }
}
