//! The spatial index over center locations: an rstar R-tree of unit-sphere vectors for
//! nearest-first iteration, plus per-node match counts taken from the same tree so that
//! "how many centers are within the radius" costs O(log n + boundary) instead of O(k).
//!
//! Counting works because a node whose bounding box lies wholly inside the query ball
//! contributes its precomputed count without being opened; only nodes straddling the circle's
//! edge are opened and their centers measured exactly. Counts are kept for "any center" and
//! for "offers therapy X", the filters a patient's search uses; other filter combinations
//! open every node inside the ball.

use rstar::primitives::GeomWithData;
use rstar::{ParentNode, RTree, RTreeNode};

use super::geo::{GeoPoint, chord_for_miles};
use crate::therapy::TherapyCode;

type Entry = GeomWithData<[f64; 3], u32>;

/// Count slots per node: slot 0 counts every center, slot `1 + i` the centers offering
/// `TherapyCode::ALL[i]`.
pub const SLOTS: usize = TherapyCode::ALL.len() + 1;

// Safety margin, in unit-sphere chord units (about 6 mm on the ground), between the fast
// box tests and the exact haversine test, so float rounding can never make the two disagree.
const MARGIN: f64 = 1e-9;

/// The count slot for centers offering `therapy`.
pub fn therapy_slot(therapy: TherapyCode) -> usize {
    1 + TherapyCode::ALL
        .iter()
        .position(|t| *t == therapy)
        .unwrap_or(0)
}

/// The bit of `therapy` in a center's therapy mask.
pub fn therapy_bit(therapy: TherapyCode) -> u32 {
    1 << (therapy_slot(therapy) - 1)
}

/// A radius query: centre point, its unit vector and the radius.
#[derive(Debug, Clone, Copy)]
pub struct Probe {
    /// The query point.
    pub point: GeoPoint,
    vector: [f64; 3],
    /// The radius in miles.
    pub radius_miles: f64,
    chord: f64,
}

impl Probe {
    /// A query of `radius_miles` around `point`.
    pub fn new(point: GeoPoint, radius_miles: f64) -> Self {
        Probe {
            point,
            vector: point.unit_vector(),
            radius_miles,
            chord: chord_for_miles(radius_miles),
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct CountNode {
    lower: [f64; 3],
    upper: [f64; 3],
    counts: [u32; SLOTS],
    children: (u32, u32),
    items: (u32, u32),
}

/// R-tree plus per-node counts over the centers' locations.
#[derive(Debug)]
pub struct SpatialIndex {
    tree: RTree<Entry>,
    nodes: Vec<CountNode>,
    items: Vec<u32>,
}

impl SpatialIndex {
    /// Bulk-loads the tree (O(n log n)) and derives the count nodes from its structure.
    /// `masks[i]` is center `i`'s therapy bit mask. Callers keep `points.len()` within u32.
    pub fn build(points: &[GeoPoint], masks: &[u32]) -> Self {
        let entries = points
            .iter()
            .enumerate()
            .map(|(i, p)| GeomWithData::new(p.unit_vector(), u32::try_from(i).unwrap_or(u32::MAX)))
            .collect();
        let tree = RTree::bulk_load(entries);
        let mut counter = Counter {
            nodes: vec![EMPTY_NODE],
            items: Vec::with_capacity(points.len()),
            masks,
        };
        counter.flatten(tree.root(), 0);
        SpatialIndex {
            tree,
            nodes: counter.nodes,
            items: counter.items,
        }
    }

    /// Centers in nearest-first order with their squared chord distance as rstar computes
    /// it. The order may differ from exact haversine order only between centers whose
    /// distances agree to within float rounding; callers re-sort by their exact key.
    pub fn nearest<'a>(&'a self, probe: &Probe) -> impl Iterator<Item = (usize, f64)> + 'a {
        self.tree
            .nearest_neighbor_iter_with_distance_2(&probe.vector)
            .map(|(entry, d2)| (entry.data as usize, d2))
    }

    /// Number of centers in the whole index counted in `slot`.
    pub fn total(&self, slot: usize) -> usize {
        self.nodes
            .first()
            .and_then(|root| root.counts.get(slot))
            .map_or(0, |c| *c as usize)
    }

    /// Squared chord distance beyond which no center can be within `miles` of the probe.
    pub fn chord2_bound(miles: f64) -> f64 {
        (chord_for_miles(miles) + MARGIN).powi(2)
    }

    /// Number of centers within the probe's radius (exact haversine miles) that pass
    /// `matches`. `slot`, when given, must be the count slot equivalent to `matches`, which
    /// lets whole subtrees inside the ball be counted without opening them.
    pub fn count_within(
        &self,
        probe: &Probe,
        points: &[GeoPoint],
        slot: Option<usize>,
        matches: impl Fn(usize) -> bool,
    ) -> usize {
        let outer2 = (probe.chord + MARGIN).powi(2);
        let inner = probe.chord - MARGIN;
        let inner2 = if inner > 0.0 { inner * inner } else { -1.0 };
        let mut total = 0usize;
        let mut stack = vec![0u32];
        while let Some(n) = stack.pop() {
            let node = &self.nodes[n as usize];
            if min_dist2(node, &probe.vector) > outer2 {
                continue;
            }
            if let Some(slot) = slot
                && max_dist2(node, &probe.vector) <= inner2
            {
                total += node.counts[slot] as usize;
                continue;
            }
            stack.extend(node.children.0..node.children.1);
            for &item in &self.items[node.items.0 as usize..node.items.1 as usize] {
                let i = item as usize;
                if matches(i) && points[i].miles_to(probe.point) <= probe.radius_miles {
                    total += 1;
                }
            }
        }
        total
    }
}

const EMPTY_NODE: CountNode = CountNode {
    lower: [0.0; 3],
    upper: [0.0; 3],
    counts: [0; SLOTS],
    children: (0, 0),
    items: (0, 0),
};

struct Counter<'m> {
    nodes: Vec<CountNode>,
    items: Vec<u32>,
    masks: &'m [u32],
}

impl Counter<'_> {
    // Children of a node get contiguous slots so a node can name them by range.
    fn flatten(&mut self, parent: &ParentNode<Entry>, slot: usize) {
        let item_start = self.items.len();
        let mut parents = Vec::new();
        for child in parent.children() {
            match child {
                RTreeNode::Leaf(entry) => self.items.push(entry.data),
                RTreeNode::Parent(p) => parents.push(p),
            }
        }
        let item_end = self.items.len();
        let first = self.nodes.len();
        self.nodes
            .extend(std::iter::repeat_n(EMPTY_NODE, parents.len()));
        for (k, p) in parents.iter().enumerate() {
            self.flatten(p, first + k);
        }
        let mut counts = [0u32; SLOTS];
        for &item in &self.items[item_start..item_end] {
            let mask = self.masks.get(item as usize).copied().unwrap_or(0);
            counts[0] += 1;
            for (s, count) in counts.iter_mut().enumerate().skip(1) {
                *count += (mask >> (s - 1)) & 1;
            }
        }
        for child in &self.nodes[first..first + parents.len()] {
            for (total, c) in counts.iter_mut().zip(child.counts) {
                *total += c;
            }
        }
        let envelope = parent.envelope();
        let as_u32 = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        self.nodes[slot] = CountNode {
            lower: envelope.lower(),
            upper: envelope.upper(),
            counts,
            children: (as_u32(first), as_u32(first + parents.len())),
            items: (as_u32(item_start), as_u32(item_end)),
        };
    }
}

fn min_dist2(node: &CountNode, q: &[f64; 3]) -> f64 {
    (0..3)
        .map(|a| {
            let gap = (node.lower[a] - q[a]).max(q[a] - node.upper[a]).max(0.0);
            gap * gap
        })
        .sum()
}

fn max_dist2(node: &CountNode, q: &[f64; 3]) -> f64 {
    (0..3)
        .map(|a| {
            let far = (q[a] - node.lower[a])
                .abs()
                .max((node.upper[a] - q[a]).abs());
            far * far
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn grid(n: usize) -> Vec<GeoPoint> {
        (0..n)
            .map(|i| {
                GeoPoint::new(
                    30.0 + (i % 100) as f64 * 0.05,
                    -100.0 + (i / 100) as f64 * 0.05,
                )
                .unwrap()
            })
            .collect()
    }

    #[test]
    fn empty_index_counts_nothing_and_yields_nothing() {
        let index = SpatialIndex::build(&[], &[]);
        let probe = Probe::new(GeoPoint::new(32.0, -97.0).unwrap(), 50.0);
        assert_eq!(index.count_within(&probe, &[], Some(0), |_| true), 0);
        assert_eq!(index.nearest(&probe).count(), 0);
    }

    #[test]
    fn root_counts_every_center_and_each_therapy() {
        let points = grid(1_000);
        let masks: Vec<u32> = (0..1_000u32).map(|i| 1 + (i % 2) * 2).collect();
        let index = SpatialIndex::build(&points, &masks);
        assert_eq!(index.nodes[0].counts[0], 1_000);
        assert_eq!(index.nodes[0].counts[1], 1_000);
        assert_eq!(index.nodes[0].counts[2], 500);
        assert_eq!(index.items.len(), 1_000);
    }

    proptest! {
        #[test]
        fn counts_agree_with_a_scan_with_and_without_the_node_shortcut(
            lat in 29.0f64..36.0, lon in -101.0f64..-94.0, radius in 0.5f64..200.0,
        ) {
            let points = grid(2_500);
            let masks: Vec<u32> = (0..2_500u32).map(|i| 1 << (i % 3)).collect();
            let index = SpatialIndex::build(&points, &masks);
            let probe = Probe::new(GeoPoint::new(lat, lon).unwrap(), radius);
            let offers = |i: usize| masks[i] & 2 != 0;
            let scan = points.iter().enumerate()
                .filter(|(i, p)| offers(*i) && p.miles_to(probe.point) <= radius)
                .count();
            prop_assert_eq!(index.count_within(&probe, &points, Some(2), offers), scan);
            prop_assert_eq!(index.count_within(&probe, &points, None, offers), scan);
        }
    }
}
