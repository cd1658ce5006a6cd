//! Center search over a loaded [`Directory`]: radius search nearest-first through the R-tree,
//! or a filtered listing in state/city/name/id order, both paginated by cursor.
//!
//! Costs: a radius search visits O(log n + p) tree entries for a page (p = entries nearer
//! than the page's last center, which includes earlier pages) and counts the total in
//! O(log n + centers near the circle's edge) when filtering by nothing or only by therapy;
//! other filters count in O(log n + k), k = centers within the radius. A listing without a
//! location pages in O(log n + page) and counts in O(1) unfiltered or filtered only by state
//! or only by therapy, else in O(n) (O(n in state) with a state filter).

use std::cmp::Ordering;

use super::center::CenterKind;
use super::cursor::{self, CursorError, Fingerprint, SortKey};
use super::directory::Directory;
use super::geo::{GeoPoint, round_to_tenth};
use super::page::CenterPage;
use super::query::{
    CenterQuery, NAME_FILTER_CHARS, SearchError, effective_limit, effective_radius,
};
use super::spatial::{Probe, SpatialIndex, kind_slot, therapy_bit, therapy_slot};
use super::us_state::StateCode;
use crate::therapy::TherapyCode;

/// The filters of one search, prepared for fast matching.
struct Filter {
    therapy: Option<TherapyCode>,
    state: Option<StateCode>,
    /// The city, lower-cased.
    city: Option<String>,
    kind: Option<CenterKind>,
    /// Text the name must contain, lower-cased.
    name: Option<String>,
}

impl Filter {
    fn matches(&self, dir: &Directory, i: usize) -> bool {
        let traits = &dir.traits[i];
        self.therapy
            .is_none_or(|t| traits.therapies & therapy_bit(t) != 0)
            && self.state.is_none_or(|s| traits.state == s)
            && self.kind.is_none_or(|k| traits.kind == Some(k))
            && self.city.as_deref().is_none_or(|city| {
                dir.rows[i]
                    .city
                    .chars()
                    .flat_map(char::to_lowercase)
                    .eq(city.chars())
            })
            && self
                .name
                .as_deref()
                .is_none_or(|name| dir.listing_key(i).2.to_lowercase().contains(name))
    }

    /// The precomputed count slot equivalent to this filter, when there is one.
    fn count_slot(&self) -> Option<usize> {
        if self.name.is_some() {
            return None;
        }
        match (self.therapy, self.state, &self.city, self.kind) {
            (None, None, None, None) => Some(0),
            (Some(t), None, None, None) => Some(therapy_slot(t)),
            (None, None, None, Some(k)) => Some(kind_slot(k)),
            _ => None,
        }
    }

    fn fingerprint(&self, near: Option<(GeoPoint, f64)>) -> u64 {
        let fp = match near {
            Some((p, radius)) => Fingerprint::new()
                .part(b"near")
                .part(&p.lat().to_bits().to_le_bytes())
                .part(&p.lon().to_bits().to_le_bytes())
                .part(&radius.to_bits().to_le_bytes()),
            None => Fingerprint::new().part(b"listing"),
        };
        fp.part(self.therapy.map_or("", TherapyCode::as_str).as_bytes())
            .part(self.state.map_or("", StateCode::as_str).as_bytes())
            .part(self.city.as_deref().unwrap_or_default().as_bytes())
            .part(self.kind.map_or("", CenterKind::as_str).as_bytes())
            .part(self.name.as_deref().unwrap_or_default().as_bytes())
            .finish()
    }
}

impl Directory {
    /// One page of centers matching `query`. Every input error names its field; nothing
    /// here panics.
    pub fn search(&self, query: &CenterQuery) -> Result<CenterPage, SearchError> {
        let limit = effective_limit(query)?;
        Ok(self.search_limited(query, limit)?.0)
    }

    /// [`Directory::search`] with a page of `limit` (already checked or chosen here), and the
    /// fingerprint of the search's filters.
    fn search_limited(
        &self,
        query: &CenterQuery,
        limit: usize,
    ) -> Result<(CenterPage, u64), SearchError> {
        let radius = effective_radius(query)?;
        let city = match &query.city {
            Some(c) if c.trim().is_empty() => return Err(SearchError::EmptyCity),
            Some(c) => Some(c.to_lowercase()),
            None => None,
        };
        let name = match &query.name {
            Some(n) => {
                let chars = n.trim().chars().count();
                let (fewest, most) = NAME_FILTER_CHARS;
                if !(fewest..=most).contains(&chars) {
                    return Err(SearchError::Name(chars));
                }
                Some(n.trim().to_lowercase())
            }
            None => None,
        };
        let filter = Filter {
            therapy: query.therapy,
            state: query.state,
            city,
            kind: query.kind,
            name,
        };
        let near = query.near.zip(radius);
        let fingerprint = filter.fingerprint(near);
        let after = query
            .cursor
            .as_deref()
            .map(|c| cursor::decode(c, fingerprint))
            .transpose()?;
        match near {
            Some((point, radius)) => {
                let after = match after {
                    None => None,
                    Some(SortKey::Distance { miles, id }) => Some((miles, id)),
                    Some(SortKey::Listing { .. }) => return Err(CursorError::Malformed.into()),
                };
                Ok((
                    self.nearby(
                        &Probe::new(point, radius),
                        &filter,
                        limit,
                        after,
                        fingerprint,
                    ),
                    fingerprint,
                ))
            }
            None => {
                let after = match after {
                    None => None,
                    Some(SortKey::Listing {
                        state,
                        city,
                        name,
                        id,
                    }) => Some([state, city, name, id]),
                    Some(SortKey::Distance { .. }) => return Err(CursorError::Malformed.into()),
                };
                Ok((self.listed(&filter, limit, after, fingerprint), fingerprint))
            }
        }
    }

    fn nearby(
        &self,
        probe: &Probe,
        filter: &Filter,
        limit: usize,
        after: Option<(f64, String)>,
        fingerprint: u64,
    ) -> CenterPage {
        let id = |i: usize| self.id(i);
        let order = |a: &(f64, usize), b: &(f64, usize)| {
            a.0.total_cmp(&b.0).then_with(|| id(a.1).cmp(id(b.1)))
        };
        let bound2 = SpatialIndex::chord2_bound(probe.radius_miles);
        let mut found: Vec<(f64, usize)> = Vec::with_capacity(limit + 1);
        let mut cutoff2 = f64::INFINITY;
        for (i, d2) in self.spatial.nearest(probe) {
            if d2 > bound2 || d2 > cutoff2 {
                break;
            }
            if !filter.matches(self, i) {
                continue;
            }
            let miles = self.points[i].miles_to(probe.point);
            let past_cursor = after.as_ref().is_none_or(|(m, last)| {
                miles.total_cmp(m).then_with(|| id(i).cmp(last)) == Ordering::Greater
            });
            if miles > probe.radius_miles || !past_cursor {
                continue;
            }
            found.push((miles, i));
            if found.len() == limit + 1 && cutoff2.is_infinite() {
                // Tree order matches exact order up to rounding, so nothing beyond the
                // farthest of these (plus a margin) can still make the page.
                let farthest = found.iter().map(|f| f.0).fold(0.0, f64::max);
                cutoff2 = SpatialIndex::chord2_bound(farthest);
            }
        }
        found.sort_unstable_by(order);
        let has_more = found.len() > limit;
        found.truncate(limit);
        let next_cursor = match found.last() {
            Some(&(miles, i)) if has_more => Some(cursor::encode(
                &SortKey::Distance {
                    miles,
                    id: id(i).to_owned(),
                },
                fingerprint,
            )),
            _ => None,
        };
        let total = self
            .spatial
            .count_within(probe, &self.points, filter.count_slot(), |i| {
                filter.matches(self, i)
            });
        CenterPage {
            centers: found
                .iter()
                .map(|&(miles, i)| self.summary(i, Some(round_to_tenth(miles))))
                .collect(),
            next_cursor,
            total,
        }
    }

    fn listed(
        &self,
        filter: &Filter,
        limit: usize,
        after: Option<[String; 4]>,
        fingerprint: u64,
    ) -> CenterPage {
        let key = |i: u32| self.listing_key(i as usize);
        let range = match filter.state {
            Some(state) => {
                let lo = self.listing.partition_point(|i| key(*i).0 < state.as_str());
                let hi = self
                    .listing
                    .partition_point(|i| key(*i).0 <= state.as_str());
                &self.listing[lo..hi]
            }
            None => &self.listing[..],
        };
        let start = after.as_ref().map_or(0, |[s, c, n, id]| {
            let last = (s.as_str(), c.as_str(), n.as_str(), id.as_str());
            range.partition_point(|i| key(*i) <= last)
        });
        let mut page: Vec<usize> = Vec::with_capacity(limit);
        let mut has_more = false;
        for i in range[start..].iter().map(|i| *i as usize) {
            if filter.matches(self, i) {
                if page.len() == limit {
                    has_more = true;
                    break;
                }
                page.push(i);
            }
        }
        let total = match (
            filter.count_slot(),
            filter.therapy,
            &filter.city,
            filter.kind,
            &filter.name,
        ) {
            (Some(slot), _, _, _, _) => self.spatial.total(slot),
            (None, None, None, None, None) => range.len(),
            _ => range
                .iter()
                .filter(|i| filter.matches(self, **i as usize))
                .count(),
        };
        let next_cursor = match page.last() {
            Some(&i) if has_more => {
                let (s, c, n, id) = self.listing_key(i);
                let key = SortKey::Listing {
                    state: s.to_owned(),
                    city: c.to_owned(),
                    name: n.to_owned(),
                    id: id.to_owned(),
                };
                Some(cursor::encode(&key, fingerprint))
            }
            _ => None,
        };
        CenterPage {
            centers: page.iter().map(|&i| self.summary(i, None)).collect(),
            next_cursor,
            total,
        }
    }
}

/// A search over the directory file and the centers accounts manage, as one list.
///
/// `open` holds the accounts' open centers and `hidden` the directory's copies of centers that
/// have a database row (edited, handed over and edited, or retired), which must not be listed
/// from the file. The file's page is read `hidden.len()` centers longer, so that once hidden
/// ones are dropped it still holds every file center the merged page can need; the two pages
/// are merged in the search's order and the cursor is the last listed center's sort key, which
/// both sides page by, so pages neither repeat nor skip a center. `total` is the file's total,
/// less its hidden centers that match, plus the open centers that match.
pub(super) fn search_merged(
    base: &Directory,
    open: &Directory,
    hidden: &Directory,
    query: &CenterQuery,
) -> Result<CenterPage, SearchError> {
    let limit = effective_limit(query)?;
    if open.is_empty() && hidden.is_empty() {
        return base.search(query);
    }
    let (mut page, fingerprint) = base.search_limited(query, limit + hidden.len())?;
    let (hidden_page, _) = hidden.search_limited(query, hidden.len().max(1))?;
    let (open_page, _) = open.search_limited(query, limit)?;
    let hidden_ids: std::collections::HashSet<&str> =
        (0..hidden.len()).map(|i| hidden.id(i)).collect();
    page.centers.retain(|c| !hidden_ids.contains(c.id.as_str()));
    let more = page.next_cursor.is_some() || open_page.next_cursor.is_some();
    let mut centers = page.centers;
    centers.extend(open_page.centers);
    let key = |c: &super::page::CenterSummary| match query.near {
        Some(point) => SortKey::Distance {
            miles: c.location.point().miles_to(point),
            id: c.id.as_str().to_owned(),
        },
        None => SortKey::Listing {
            state: c.state.as_str().to_owned(),
            city: c.city.clone(),
            name: c.name.clone(),
            id: c.id.as_str().to_owned(),
        },
    };
    let order = |a: &SortKey, b: &SortKey| match (a, b) {
        (SortKey::Distance { miles: m, id: i }, SortKey::Distance { miles: n, id: j }) => {
            m.total_cmp(n).then_with(|| i.cmp(j))
        }
        (
            SortKey::Listing {
                state: s1,
                city: c1,
                name: n1,
                id: i1,
            },
            SortKey::Listing {
                state: s2,
                city: c2,
                name: n2,
                id: i2,
            },
        ) => (s1.as_str(), &**c1, &**n1, &**i1).cmp(&(s2.as_str(), &**c2, &**n2, &**i2)),
        _ => Ordering::Equal,
    };
    centers.sort_by(|a, b| order(&key(a), &key(b)));
    let has_more = more || centers.len() > limit;
    centers.truncate(limit);
    let next_cursor = match centers.last() {
        Some(last) if has_more => Some(cursor::encode(&key(last), fingerprint)),
        _ => None,
    };
    Ok(CenterPage {
        centers,
        next_cursor,
        total: (page.total + open_page.total).saturating_sub(hidden_page.total),
    })
}

#[cfg(test)]
mod tests;
