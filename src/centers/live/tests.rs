use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{TimeDelta, TimeZone, Utc};
use serde_json::json;

use super::*;
use crate::centers::{ZipTable, synthetic};

fn directory() -> (Arc<Directory>, Vec<Center>) {
    let zips = ZipTable::embedded().unwrap();
    let centers = synthetic(3, 7);
    (
        Arc::new(Directory::new(centers.clone(), &zips).unwrap()),
        centers,
    )
}

fn t(h: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2027, 1, 1, h, 0, 0).unwrap()
}

fn version(center: &Center, version: u32, from: DateTime<Utc>, cents: u64) -> PriceListVersion {
    let therapy = center.therapies[0];
    let list = serde_json::from_value(json!({
        "therapies": [{"therapy": therapy, "price": {"cents": cents}}]
    }))
    .unwrap();
    PriceListVersion::new(center.id.clone(), version, from, from, "k".into(), list)
}

#[test]
fn the_first_read_of_an_empty_database_replaces_the_initial_view_once() {
    let (dir, _) = directory();
    let live = LiveCenters::new(dir);
    assert_eq!(live.seq(), -1);
    assert!(live.replace(CenterOverlay::new(0, vec![], vec![])));
    assert!(!live.replace(CenterOverlay::new(0, vec![], vec![])));
}

#[test]
fn a_directory_center_belongs_to_the_operator_unless_handed_to_an_account() {
    let (dir, centers) = directory();
    let handed = centers[1].id.as_str().to_owned();
    let live = LiveCenters::new(dir)
        .with_handoffs(BTreeMap::from([(handed.clone(), "clinic".to_owned())]));
    assert_eq!(
        live.manager(centers[0].id.as_str()),
        Some(Manager::Operator)
    );
    assert_eq!(
        live.manager(&handed),
        Some(Manager::Account("clinic".into()))
    );
    assert_eq!(live.manager("no-such-center"), None);
}

#[test]
fn a_database_row_hides_the_directory_copy_and_a_retired_one_hides_the_center() {
    let (dir, centers) = directory();
    let live = LiveCenters::new(dir);
    let mut edited = centers[0].clone();
    edited.name = "Edited name (synthetic)".into();
    let retired = centers[1].clone();
    assert!(live.replace(CenterOverlay::new(
        2,
        vec![
            OwnedCenter {
                center: edited.clone(),
                account: "clinic".into(),
                retired_at: None
            },
            OwnedCenter {
                center: retired.clone(),
                account: "clinic".into(),
                retired_at: Some(t(1))
            },
        ],
        vec![],
    )));
    assert_eq!(
        live.center(edited.id.as_str(), t(2)).map(|c| c.name),
        Some(edited.name.clone())
    );
    assert_eq!(live.center(retired.id.as_str(), t(2)), None);
    assert!(
        live.offer(retired.id.as_str(), retired.therapies[0], t(2))
            .is_none()
    );
    assert_eq!(
        live.manager(edited.id.as_str()),
        Some(Manager::Account("clinic".into()))
    );
    // An older view never replaces a newer one, nor does a view of the same change (so the
    // caches dropped on a replacement are kept while nothing changes).
    assert!(!live.replace(CenterOverlay::new(1, vec![], vec![])));
    assert!(!live.replace(CenterOverlay::new(2, vec![], vec![])));
    assert_eq!(live.seq(), 2);
}

#[test]
fn prices_come_from_the_version_in_effect() {
    let (dir, centers) = directory();
    let center = &centers[2];
    let therapy = center.therapies[0];
    let live = LiveCenters::new(dir);
    live.replace(CenterOverlay::new(
        1,
        vec![],
        vec![
            version(center, 1, t(1), 100_000),
            version(center, 2, t(5), 200_000),
        ],
    ));
    let id = center.id.as_str();
    let price = |at| {
        live.offer(id, therapy, at)
            .and_then(|(_, p)| p)
            .map(|p| (p.base.low_cents.get(), p.published_version))
    };
    assert_eq!(price(t(2)), Some((100_000, Some(1))));
    assert_eq!(price(t(5)), Some((200_000, Some(2))));
    assert_eq!(live.version_in_effect(id, t(0)), None);
    assert_eq!(
        live.version_in_effect(id, t(4) + TimeDelta::minutes(59)),
        Some(1)
    );
    assert_eq!(
        live.center(id, t(6)).unwrap().prices[&therapy]
            .base
            .high_cents
            .get(),
        200_000
    );
}

/// Every page of `query` through `live`, concatenated, and the first page's total.
fn all_pages(live: &LiveCenters, mut query: CenterQuery) -> (Vec<String>, usize) {
    let mut ids = Vec::new();
    let mut total = None;
    loop {
        let page = live.search(&query).unwrap();
        total.get_or_insert(page.total);
        ids.extend(page.centers.iter().map(|c| c.id.as_str().to_owned()));
        match page.next_cursor {
            Some(c) => query.cursor = Some(c),
            None => break,
        }
    }
    (ids, total.unwrap())
}

#[test]
fn search_lists_the_directory_and_the_accounts_centers_as_one_list_across_pages() {
    let zips = ZipTable::embedded().unwrap();
    let base = synthetic(60, 11);
    let directory = Arc::new(Directory::new(base.clone(), &zips).unwrap());
    // Accounts' own centers (synthetic, renamed so their ids are new), an edited directory
    // center and a retired one.
    let mut rows: Vec<OwnedCenter> = synthetic(15, 12)
        .into_iter()
        .enumerate()
        .map(|(i, mut c)| {
            c.id = CenterId::parse(&format!("account-center-{i}")).unwrap();
            OwnedCenter {
                center: c,
                account: "clinic".into(),
                retired_at: None,
            }
        })
        .collect();
    let mut edited = base[3].clone();
    edited.name = "Edited (synthetic)".into();
    rows.push(OwnedCenter {
        center: edited.clone(),
        account: "clinic".into(),
        retired_at: None,
    });
    rows.push(OwnedCenter {
        center: base[4].clone(),
        account: "clinic".into(),
        retired_at: Some(t(1)),
    });
    let live = LiveCenters::new(directory.clone());
    live.replace(CenterOverlay::new(1, rows.clone(), vec![]).indexed(&directory, &zips, t(2)));

    // What one directory of every listed center answers.
    let mut expected: Vec<Center> = base
        .iter()
        .filter(|c| c.id != base[3].id && c.id != base[4].id)
        .cloned()
        .collect();
    expected.push(edited);
    expected.extend(rows[..15].iter().map(|r| r.center.clone()));
    let reference = LiveCenters::new(Arc::new(Directory::new(expected, &zips).unwrap()));

    let near = synthetic(1, 12)[0].point();
    for query in [
        CenterQuery {
            limit: Some(7),
            ..CenterQuery::default()
        },
        CenterQuery {
            near: Some(near),
            radius_miles: Some(500.0),
            limit: Some(4),
            ..CenterQuery::default()
        },
        CenterQuery {
            therapy: Some(base[0].therapies[0]),
            limit: Some(5),
            ..CenterQuery::default()
        },
    ] {
        let got = all_pages(&live, query.clone());
        let want = all_pages(&reference, query);
        assert_eq!(got, want);
        assert!(!got.0.contains(&base[4].id.as_str().to_owned()));
    }
}
