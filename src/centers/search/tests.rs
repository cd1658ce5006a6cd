//! Search behaviour: the shipped centers, pagination, agreement with a brute-force scan, and
//! field-named errors for every bad query.

use std::sync::OnceLock;

use proptest::prelude::*;

use crate::centers::*;
use crate::therapy::TherapyCode;

const NYU: &str = "nyu-langone-regenerative-orthopedic-medicine";
const FORT_WORTH: &str = "regenerative-orthopedics-fort-worth";

fn zips() -> &'static ZipTable {
    static ZIPS: OnceLock<ZipTable> = OnceLock::new();
    ZIPS.get_or_init(|| ZipTable::embedded().unwrap())
}

fn shipped() -> Directory {
    Directory::embedded(zips()).unwrap()
}

fn synthetic_directory() -> &'static Directory {
    static DIR: OnceLock<Directory> = OnceLock::new();
    DIR.get_or_init(|| Directory::new(synthetic(4_000, 42), zips()).unwrap())
}

fn params(pairs: &[(&str, &str)]) -> CenterSearchParams {
    let query = serde_urlencoded::to_string(pairs).unwrap();
    serde_urlencoded::from_str(&query).unwrap()
}

fn search(dir: &Directory, pairs: &[(&str, &str)]) -> Result<CenterPage, SearchError> {
    dir.search(&params(pairs).to_query(zips())?)
}

fn ids(page: &CenterPage) -> Vec<&str> {
    page.centers.iter().map(|c| c.id.as_str()).collect()
}

#[test]
fn shipped_directory_holds_only_the_two_seed_centers_at_city_precision() {
    let dir = shipped();
    let mut all: Vec<String> = dir.centers().map(|c| c.id.as_str().to_owned()).collect();
    all.sort();
    assert_eq!(all, [NYU, FORT_WORTH]);
    for c in dir.centers() {
        assert_eq!(c.location.precision(), Precision::City);
        assert_eq!(
            c.therapies,
            [TherapyCode::KneeMscInjection, TherapyCode::KneeMscPrp]
        );
        assert!(c.street_address.is_none() && c.phone.is_none() && c.website.is_none());
        assert!(c.npi.is_none() && c.tin.is_none() && c.prices.is_empty());
        assert!(c.source.contains("000_d9be3b6bbdbe24f3"), "{}", c.source);
    }
}

#[test]
fn search_near_76102_finds_regenerative_orthopedics_first() {
    let page = search(&shipped(), &[("zip", "76102"), ("radius_miles", "500")]).unwrap();
    assert_eq!(ids(&page), [FORT_WORTH]);
    assert_eq!(page.centers[0].distance_miles, Some(0.0));
    let page = search(
        &shipped(),
        &[("lat", "32.75"), ("lon", "-97.33"), ("limit", "2")],
    )
    .unwrap();
    assert_eq!(ids(&page)[0], FORT_WORTH);
}

#[test]
fn search_near_10016_finds_nyu_langone_first() {
    let page = search(&shipped(), &[("zip", "10016"), ("therapy", "knee_msc_prp")]).unwrap();
    assert_eq!(ids(&page), [NYU]);
    // 10016's centroid to 10007's (the city-level point used for New York).
    let d = page.centers[0].distance_miles.unwrap();
    assert!((2.0..3.0).contains(&d), "{d}");
}

#[test]
fn without_a_location_centers_are_listed_by_state_then_city() {
    let page = search(&shipped(), &[]).unwrap();
    assert_eq!(ids(&page), [NYU, FORT_WORTH]);
    assert_eq!(page.total, 2);
    assert!(page.centers.iter().all(|c| c.distance_miles.is_none()));
    let page = search(&shipped(), &[("state", "tx"), ("city", "FORT WORTH")]).unwrap();
    assert_eq!(ids(&page), [FORT_WORTH]);
}

#[test]
fn get_finds_a_center_by_id_and_nothing_else() {
    let dir = shipped();
    assert_eq!(
        dir.get(FORT_WORTH).unwrap().name,
        "Regenerative Orthopedics"
    );
    assert!(dir.get("no-such-center").is_none());
    assert!(dir.get("").is_none());
}

/// Every center matching the query, in the documented order, by brute force.
fn brute_force(dir: &Directory, q: &CenterQuery) -> Vec<String> {
    let radius = q.radius_miles.unwrap_or(DEFAULT_RADIUS_MILES);
    let city = q.city.as_ref().map(|c| c.to_lowercase());
    let centers: Vec<Center> = dir.centers().collect();
    let mut hits: Vec<(f64, &Center)> = centers
        .iter()
        .filter(|c| q.therapy.is_none_or(|t| c.offers(t)))
        .filter(|c| q.state.is_none_or(|s| c.state == s))
        .filter(|c| q.kind.is_none_or(|k| c.kind == Some(k)))
        .filter(|c| {
            q.name
                .as_ref()
                .is_none_or(|n| c.name.to_lowercase().contains(&n.trim().to_lowercase()))
        })
        .filter(|c| {
            city.as_ref()
                .is_none_or(|city| c.city.to_lowercase() == *city)
        })
        .map(|c| (q.near.map_or(0.0, |p| c.point().miles_to(p)), c))
        .filter(|(d, _)| q.near.is_none() || *d <= radius)
        .collect();
    if q.near.is_some() {
        hits.sort_by(|(da, a), (db, b)| da.total_cmp(db).then_with(|| a.id.cmp(&b.id)));
    } else {
        let key = |c: &Center| {
            (
                c.state.as_str().to_owned(),
                c.city.clone(),
                c.name.clone(),
                c.id.clone(),
            )
        };
        hits.sort_by_key(|(_, c)| key(c));
    }
    hits.into_iter()
        .map(|(_, c)| c.id.as_str().to_owned())
        .collect()
}

/// Every id returned by following `next_cursor` to the end.
fn all_pages(dir: &Directory, mut q: CenterQuery) -> Vec<String> {
    let mut seen = Vec::new();
    loop {
        let page = dir.search(&q).unwrap();
        assert!(page.centers.len() <= q.limit.unwrap_or(DEFAULT_LIMIT));
        seen.extend(page.centers.iter().map(|c| c.id.as_str().to_owned()));
        match page.next_cursor {
            Some(cursor) => q.cursor = Some(cursor),
            None => return seen,
        }
    }
}

#[test]
fn paging_returns_every_match_exactly_once_in_order() {
    let dir = synthetic_directory();
    let dallas = zips().resolve(&"75201".parse().unwrap()).unwrap().point;
    let queries = [
        CenterQuery {
            near: dallas,
            radius_miles: Some(300.0),
            limit: Some(7),
            ..Default::default()
        },
        CenterQuery {
            near: dallas,
            radius_miles: Some(500.0),
            therapy: Some(TherapyCode::Hsct),
            ..Default::default()
        },
        CenterQuery {
            near: dallas,
            radius_miles: Some(400.0),
            kind: Some(CenterKind::Hospital),
            limit: Some(3),
            ..Default::default()
        },
        CenterQuery {
            limit: Some(100),
            ..Default::default()
        },
        CenterQuery {
            state: "CA".parse().ok(),
            limit: Some(9),
            ..Default::default()
        },
        CenterQuery {
            therapy: Some(TherapyCode::BackMscPrp),
            kind: Some(CenterKind::PrivateClinic),
            limit: Some(50),
            ..Default::default()
        },
        // Part of a name, in another case: "Synthetic Center 0001xx".
        CenterQuery {
            name: Some(" center 0001".into()),
            limit: Some(30),
            ..Default::default()
        },
        CenterQuery {
            near: dallas,
            radius_miles: Some(500.0),
            name: Some("CENTER 00".into()),
            limit: Some(25),
            ..Default::default()
        },
        // A kind alone: its total comes from the per-node kind counts.
        CenterQuery {
            kind: Some(CenterKind::PainManagementClinic),
            limit: Some(40),
            ..Default::default()
        },
        CenterQuery {
            near: dallas,
            radius_miles: Some(250.0),
            kind: Some(CenterKind::AcademicCenter),
            limit: Some(20),
            ..Default::default()
        },
    ];
    for q in queries {
        let expected = brute_force(dir, &q);
        assert!(
            expected.len() > 10,
            "{q:?} matches too little to test paging"
        );
        assert_eq!(dir.search(&q).unwrap().total, expected.len(), "{q:?}");
        assert_eq!(all_pages(dir, q.clone()), expected, "{q:?}");
    }
}

#[test]
fn repeating_a_cursor_returns_the_same_page() {
    let dir = synthetic_directory();
    let q = CenterQuery {
        limit: Some(5),
        ..Default::default()
    };
    let cursor = dir.search(&q).unwrap().next_cursor;
    let next = CenterQuery { cursor, ..q };
    assert_eq!(dir.search(&next).unwrap(), dir.search(&next).unwrap());
}

#[test]
fn a_cursor_is_refused_by_a_search_with_other_filters() {
    let dir = synthetic_directory();
    let q = CenterQuery {
        limit: Some(5),
        ..Default::default()
    };
    let cursor = dir.search(&q).unwrap().next_cursor;
    for other in [
        CenterQuery {
            therapy: Some(TherapyCode::Hsct),
            ..q.clone()
        },
        CenterQuery {
            near: GeoPoint::new(32.0, -97.0).ok(),
            ..q.clone()
        },
        CenterQuery {
            city: Some("Austin".into()),
            ..q.clone()
        },
    ] {
        let err = dir
            .search(&CenterQuery {
                cursor: cursor.clone(),
                ..other
            })
            .unwrap_err();
        assert_eq!(
            (err.field(), err),
            ("cursor", SearchError::Cursor(CursorError::OtherSearch))
        );
    }
    // Page size may change between pages.
    assert!(
        dir.search(&CenterQuery {
            cursor,
            limit: Some(9),
            ..q
        })
        .is_ok()
    );
}

#[test]
fn every_bad_query_names_its_field() {
    let dir = shipped();
    let cases: &[(&[(&str, &str)], &str)] = &[
        (&[("lat", "95"), ("lon", "0")], "lat"),
        (&[("lat", "0"), ("lon", "-200")], "lon"),
        (&[("lat", "NaN"), ("lon", "0")], "lat"),
        (&[("lat", "40")], "lon"),
        (&[("lon", "-74")], "lat"),
        (&[("zip", "10016"), ("lat", "40")], "zip"),
        (&[("zip", "1001")], "zip"),
        (&[("zip", "00000")], "zip"),
        (&[("zip", "09002")], "zip"),
        (&[("zip", "10016"), ("radius_miles", "0")], "radius_miles"),
        (&[("zip", "10016"), ("radius_miles", "-5")], "radius_miles"),
        (
            &[("zip", "10016"), ("radius_miles", "500.1")],
            "radius_miles",
        ),
        (&[("zip", "10016"), ("radius_miles", "inf")], "radius_miles"),
        (&[("radius_miles", "10")], "radius_miles"),
        (&[("limit", "0")], "limit"),
        (&[("limit", "101")], "limit"),
        (&[("therapy", "knee")], "therapy"),
        (&[("state", "ZZ")], "state"),
        (&[("kind", "spa")], "kind"),
        (&[("city", "  ")], "city"),
        (&[("name", "a")], "name"),
        (&[("name", "  x  ")], "name"),
        (&[("name", &"n".repeat(101))], "name"),
        (&[("cursor", "%%%")], "cursor"),
        (&[("cursor", "AAAAAAAAAAAAAAAAAAAAAAAA")], "cursor"),
    ];
    for (pairs, field) in cases {
        let err = search(&dir, pairs).unwrap_err();
        assert_eq!(err.field(), *field, "{pairs:?}: {err}");
        assert!(!err.to_string().is_empty());
    }
}

#[test]
fn a_listing_cursor_is_refused_by_a_radius_search_and_vice_versa() {
    let dir = synthetic_directory();
    let listing = dir
        .search(&CenterQuery {
            limit: Some(1),
            ..Default::default()
        })
        .unwrap();
    let near = CenterQuery {
        near: GeoPoint::new(34.05, -118.24).ok(),
        limit: Some(1),
        ..Default::default()
    };
    let err = dir
        .search(&CenterQuery {
            cursor: listing.next_cursor,
            ..near
        })
        .unwrap_err();
    assert_eq!(err.field(), "cursor");
}

#[test]
fn limits_default_to_documented_values() {
    let dir = synthetic_directory();
    let page = dir.search(&CenterQuery::default()).unwrap();
    assert_eq!((page.centers.len(), page.total), (DEFAULT_LIMIT, dir.len()));
    let page = dir
        .search(&CenterQuery {
            limit: Some(MAX_LIMIT),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(page.centers.len(), MAX_LIMIT);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn radius_search_agrees_with_a_brute_force_scan(
        lat in 25.0f64..49.0,
        lon in -124.0f64..-67.0,
        radius in 0.1f64..=500.0,
        therapy in proptest::option::of(proptest::sample::select(TherapyCode::ALL.to_vec())),
        limit in 1usize..=100,
    ) {
        let dir = synthetic_directory();
        let q = CenterQuery {
            near: GeoPoint::new(lat, lon).ok(),
            radius_miles: Some(radius),
            therapy,
            limit: Some(limit),
            ..Default::default()
        };
        let expected = brute_force(dir, &q);
        let page = dir.search(&q).unwrap();
        prop_assert_eq!(page.total, expected.len());
        let first: Vec<String> = page.centers.iter().map(|c| c.id.as_str().to_owned()).collect();
        prop_assert_eq!(&first[..], &expected[..expected.len().min(limit)]);
        prop_assert_eq!(page.next_cursor.is_some(), expected.len() > limit);
        for c in &page.centers {
            let d = c.distance_miles.unwrap();
            prop_assert!(d <= (radius * 10.0).round() / 10.0 + 0.05);
        }
    }
}

#[test]
fn centers_at_the_same_spot_are_ordered_by_id_across_pages() {
    let spot = GeoPoint::new(32.7589, -97.328).unwrap();
    let mut centers = synthetic(40, 9);
    for (i, c) in centers.iter_mut().enumerate() {
        // Reverse the id order against file order so tree order cannot stand in for id order.
        c.id = CenterId::parse(&format!("tied-{:02}", 99 - i)).unwrap();
        c.zip = None;
        c.state = "TX".parse().unwrap();
        c.location = CenterLocation::new(spot, Precision::City);
    }
    let dir = Directory::new(centers, zips()).unwrap();
    let q = CenterQuery {
        near: Some(spot),
        limit: Some(7),
        ..Default::default()
    };
    let mut expected: Vec<String> = dir.centers().map(|c| c.id.as_str().to_owned()).collect();
    expected.sort();
    assert_eq!(all_pages(&dir, q), expected);
}
