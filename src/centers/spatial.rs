//! The spatial index over center locations: an R-tree of unit-sphere vectors, bulk-loaded
//! straight into flat arrays, which serves both nearest-first iteration and per-node match
//! counts so that "how many centers are within the radius" costs O(log n + boundary) instead
//! of O(k). It holds each node's box, counts and child range, and each center's index and
//! vector in leaf order, and nothing else: building it allocates no temporary tree.
//!
//! Counting works because a node whose bounding box lies wholly inside the query ball
//! contributes its precomputed count without being opened; only nodes straddling the circle's
//! edge are opened and their centers measured exactly. Counts are kept for "any center" and
//! for "offers therapy X", the filters a patient's search uses; other filter combinations
//! open every node inside the ball.

use std::cell::Cell;
use std::cmp::Ordering;
use std::collections::BinaryHeap;
use std::ops::Range;

use super::center::CenterKind;
use super::geo::{GeoPoint, chord_for_miles};
use crate::therapy::TherapyCode;

/// A center's unit vector and index, as the tree is built.
type Entry = ([f64; 3], u32);

/// Most centers a leaf holds, and the fan-out the bulk load aims for (rstar's default, which
/// built this tree before).
const MAX_SIZE: usize = 6;

/// Count slots per node: slot 0 counts every center, slot `1 + i` the centers offering
/// `TherapyCode::ALL[i]`, and the slots after those the centers of each `CenterKind::ALL`.
pub const SLOTS: usize = 1 + TherapyCode::ALL.len() + CenterKind::ALL.len();

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

/// The bit of `therapy` in a center's mask.
pub fn therapy_bit(therapy: TherapyCode) -> u32 {
    1 << (therapy_slot(therapy) - 1)
}

/// The count slot for centers of `kind`.
pub fn kind_slot(kind: CenterKind) -> usize {
    1 + TherapyCode::ALL.len() + CenterKind::ALL.iter().position(|k| *k == kind).unwrap_or(0)
}

/// The bit of `kind` in a center's mask.
pub fn kind_bit(kind: CenterKind) -> u32 {
    1 << (kind_slot(kind) - 1)
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

/// R-tree with per-node counts over the centers' locations. Node 0 is the root; a node's
/// children are a contiguous range of nodes, and its own centers a contiguous range of
/// `items` (center indexes) and `vectors` (their unit vectors).
#[derive(Debug)]
pub struct SpatialIndex {
    nodes: Vec<CountNode>,
    items: Vec<u32>,
    vectors: Vec<[f64; 3]>,
}

impl SpatialIndex {
    /// Bulk-loads the tree (O(n log n)) with its per-node counts. `masks[i]` is center `i`'s
    /// mask of [`therapy_bit`]s and its [`kind_bit`]. Callers keep `points.len()` within u32.
    pub fn build(points: &[GeoPoint], masks: &[u32]) -> Self {
        let mut entries: Vec<Entry> = points
            .iter()
            .enumerate()
            .map(|(i, p)| (p.unit_vector(), u32::try_from(i).unwrap_or(u32::MAX)))
            .collect();
        let mut loader = Loader {
            nodes: vec![EMPTY_NODE],
            items: Vec::with_capacity(points.len()),
            vectors: Vec::with_capacity(points.len()),
            masks,
        };
        loader.load(&mut entries, 0);
        loader.nodes.shrink_to_fit();
        SpatialIndex {
            nodes: loader.nodes,
            items: loader.items,
            vectors: loader.vectors,
        }
    }

    /// Centers in nearest-first order with their squared chord distance. The order may
    /// differ from exact haversine order only between centers whose distances agree to within
    /// float rounding; callers re-sort by their exact key.
    pub fn nearest<'a>(&'a self, probe: &Probe) -> impl Iterator<Item = (usize, f64)> + 'a {
        let mut queue = BinaryHeap::from(QUEUE_BUFFER.take());
        queue.push(Queued::node(0.0, 0));
        Nearest {
            index: self,
            query: probe.vector,
            queue,
        }
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

/// Best-first walk of the tree: a queue of nodes and centers ordered by their (least)
/// squared distance from the query; a center popped from it is nearer than anything left.
struct Nearest<'a> {
    index: &'a SpatialIndex,
    query: [f64; 3],
    queue: BinaryHeap<Queued>,
}

thread_local! {
    /// The queue's storage, kept between searches on a thread so that a search allocates none.
    static QUEUE_BUFFER: Cell<Vec<Queued>> = const { Cell::new(Vec::new()) };
}

impl Drop for Nearest<'_> {
    fn drop(&mut self) {
        let mut buffer = std::mem::take(&mut self.queue).into_vec();
        buffer.clear();
        QUEUE_BUFFER.set(buffer);
    }
}

/// A node or a center waiting in the queue. Ordered by distance alone, nearest greatest (so
/// that the max-heap pops it first); the distance is kept as the bits of a non-negative
/// `f64`, which order as the numbers do.
#[derive(Debug, Clone, Copy)]
struct Queued {
    d2_bits: u64,
    /// A node's index in `nodes`, or a center's position in `items`.
    at: u32,
    is_item: bool,
}

impl Queued {
    fn node(d2: f64, node: u32) -> Self {
        Queued {
            d2_bits: d2.to_bits(),
            at: node,
            is_item: false,
        }
    }

    fn item(d2: f64, position: u32) -> Self {
        Queued {
            d2_bits: d2.to_bits(),
            at: position,
            is_item: true,
        }
    }
}

impl PartialEq for Queued {
    fn eq(&self, other: &Self) -> bool {
        self.d2_bits == other.d2_bits
    }
}

impl Eq for Queued {}

impl PartialOrd for Queued {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Queued {
    fn cmp(&self, other: &Self) -> Ordering {
        other.d2_bits.cmp(&self.d2_bits)
    }
}

impl Iterator for Nearest<'_> {
    type Item = (usize, f64);

    fn next(&mut self) -> Option<(usize, f64)> {
        let index = self.index;
        while let Some(Queued {
            d2_bits,
            at,
            is_item,
        }) = self.queue.pop()
        {
            if is_item {
                let item = index.items[at as usize] as usize;
                return Some((item, f64::from_bits(d2_bits)));
            }
            let node = &index.nodes[at as usize];
            for child in node.children.0..node.children.1 {
                let d2 = min_dist2(&index.nodes[child as usize], &self.query);
                self.queue.push(Queued::node(d2, child));
            }
            for k in node.items.0..node.items.1 {
                let d2 = dist2(&index.vectors[k as usize], &self.query);
                self.queue.push(Queued::item(d2, k));
            }
        }
        None
    }
}

struct Loader<'m> {
    nodes: Vec<CountNode>,
    items: Vec<u32>,
    vectors: Vec<[f64; 3]>,
    masks: &'m [u32],
}

impl Loader<'_> {
    /// Makes node `slot` of `entries`: a leaf holding them when they fit, else a node whose
    /// children are clusters of them. This is rstar's overlap-minimising top-down bulk load
    /// (OMT): entries are cut into slabs along z, each slab along y and each of those along x.
    /// Children of a node get contiguous slots so that the node can name them by range.
    fn load(&mut self, entries: &mut [Entry], slot: usize) {
        let item_start = self.items.len();
        let first = self.nodes.len();
        let mut counts = [0u32; SLOTS];
        let mut lower = [f64::INFINITY; 3];
        let mut upper = [f64::NEG_INFINITY; 3];
        let mut clusters = Vec::new();
        // A leaf's own centers; a node with children has none of its own.
        let own_items = if entries.len() <= MAX_SIZE {
            for &(vector, item) in entries.iter() {
                self.items.push(item);
                self.vectors.push(vector);
                let mask = self.masks.get(item as usize).copied().unwrap_or(0);
                counts[0] += 1;
                for (s, count) in counts.iter_mut().enumerate().skip(1) {
                    *count += (mask >> (s - 1)) & 1;
                }
                for a in 0..3 {
                    lower[a] = lower[a].min(vector[a]);
                    upper[a] = upper[a].max(vector[a]);
                }
            }
            item_start..self.items.len()
        } else {
            clusters = clusters_of(entries);
            self.nodes
                .extend(std::iter::repeat_n(EMPTY_NODE, clusters.len()));
            for (k, range) in clusters.iter().enumerate() {
                self.load(&mut entries[range.clone()], first + k);
            }
            for child in &self.nodes[first..first + clusters.len()] {
                for (total, c) in counts.iter_mut().zip(child.counts) {
                    *total += c;
                }
                for a in 0..3 {
                    lower[a] = lower[a].min(child.lower[a]);
                    upper[a] = upper[a].max(child.upper[a]);
                }
            }
            item_start..item_start
        };
        let as_u32 = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        self.nodes[slot] = CountNode {
            lower,
            upper,
            counts,
            children: (as_u32(first), as_u32(first + clusters.len())),
            items: (as_u32(own_items.start), as_u32(own_items.end)),
        };
    }
}

/// Cuts `entries` (more than [`MAX_SIZE`]) into the clusters that become a node's children,
/// reordering them so that each cluster is a contiguous range.
fn clusters_of(entries: &mut [Entry]) -> Vec<Range<usize>> {
    let per_axis = clusters_per_axis(entries.len()).max(2);
    let mut clusters = Vec::new();
    let mut work = vec![(0..entries.len(), 3)];
    while let Some((range, axis)) = work.pop() {
        if axis == 0 {
            clusters.push(range);
            continue;
        }
        let axis = axis - 1;
        let slab = range.len().div_ceil(per_axis);
        let mut start = range.start;
        while range.end - start > slab {
            entries[start..range.end]
                .select_nth_unstable_by(slab, |a, b| a.0[axis].total_cmp(&b.0[axis]));
            work.push((start..start + slab, axis));
            start += slab;
        }
        work.push((start..range.end, axis));
    }
    clusters
}

/// How many slabs to cut `n` entries into along each axis, so that each cluster fills a
/// subtree of full leaves (as rstar computes it).
fn clusters_per_axis(n: usize) -> usize {
    let max_size = MAX_SIZE as f32;
    let depth = (n as f32).log(max_size).ceil() as i32;
    let subtree = max_size.powi(depth - 1);
    let clusters = (n as f32 / subtree).ceil();
    clusters.powf(1.0 / 3.0).ceil() as usize
}

fn dist2(p: &[f64; 3], q: &[f64; 3]) -> f64 {
    (0..3).map(|a| (p[a] - q[a]) * (p[a] - q[a])).sum()
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
    fn the_queue_pops_the_nearest_first_comparing_distances_as_bits() {
        let mut queue = BinaryHeap::new();
        for (k, d2) in [0.5, 0.0, 3.0e-12, 4.0, f64::INFINITY, 1.0e-300, 0.25]
            .iter()
            .enumerate()
        {
            queue.push(Queued::item(*d2, k as u32));
        }
        let popped: Vec<f64> = std::iter::from_fn(|| queue.pop())
            .map(|q| f64::from_bits(q.d2_bits))
            .collect();
        assert_eq!(
            popped,
            [0.0, 1.0e-300, 3.0e-12, 0.25, 0.5, 4.0, f64::INFINITY]
        );
    }

    #[test]
    fn every_center_is_in_exactly_one_leaf_and_inside_every_box_above_it() {
        let points = grid(1_000);
        let index = SpatialIndex::build(&points, &[1; 1_000]);
        let mut seen = vec![0; 1_000];
        // (node, the boxes of its ancestors)
        let mut stack = vec![(0usize, Vec::<usize>::new())];
        while let Some((n, mut above)) = stack.pop() {
            let node = index.nodes[n];
            let has_children = node.children.0 < node.children.1;
            assert!(!has_children || node.items.0 == node.items.1, "node {n}");
            above.push(n);
            for k in node.items.0..node.items.1 {
                let (item, v) = (index.items[k as usize], index.vectors[k as usize]);
                assert_eq!(v, points[item as usize].unit_vector());
                seen[item as usize] += 1;
                for &a in &above {
                    let b = index.nodes[a];
                    assert!((0..3).all(|x| b.lower[x] <= v[x] && v[x] <= b.upper[x]));
                }
            }
            for child in node.children.0..node.children.1 {
                stack.push((child as usize, above.clone()));
            }
        }
        assert!(seen.iter().all(|s| *s == 1));
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
        fn nearest_yields_every_center_once_nearest_first(
            lat in 29.0f64..36.0, lon in -101.0f64..-94.0,
        ) {
            let points = grid(2_500);
            let index = SpatialIndex::build(&points, &[1; 2_500]);
            let probe = Probe::new(GeoPoint::new(lat, lon).unwrap(), 50.0);
            let order: Vec<(usize, f64)> = index.nearest(&probe).collect();
            prop_assert!(order.windows(2).all(|w| w[0].1 <= w[1].1));
            for &(i, d2) in &order {
                prop_assert_eq!(d2, dist2(&points[i].unit_vector(), &probe.vector));
            }
            let mut found: Vec<usize> = order.iter().map(|(i, _)| *i).collect();
            found.sort_unstable();
            prop_assert_eq!(found, (0..2_500).collect::<Vec<_>>());
        }

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
