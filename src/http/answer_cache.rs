//! Remembered answers: the serialized JSON body of a successful answer, by request.
//!
//! An estimate depends only on its request, the language of its text, on reference data that is
//! loaded once at start-up and never changes while the process runs (the price book, the center
//! directory and the financing plans), and on the live view of the centers accounts manage;
//! answers are kept under a key that holds that view's change number (and, for an estimate at a
//! center, its price-list version in effect), and the caches are emptied when the view is
//! reloaded, so the same key always gets the same body. Keeping the bytes of
//! recent answers saves pricing, financing and serializing them again. The cache is bounded in
//! bytes, evicts the least useful entries first, and keeps only successful answers.

use std::hash::Hash;
use std::sync::Arc;

use actix_web::HttpResponse;
use actix_web::http::header::ContentType;
use actix_web::web::Bytes;
use quick_cache::Weighter;
use quick_cache::sync::Cache;
use serde::Serialize;

use crate::http::error::ApiError;

/// A request an answer is remembered by.
pub trait CacheKey: Eq + Hash + Clone {
    /// Bytes the key holds on the heap, counted against the cache's bound.
    fn heap_bytes(&self) -> usize;
}

impl CacheKey for String {
    fn heap_bytes(&self) -> usize {
        self.len()
    }
}

// An estimate's answer depends only on its request.
impl CacheKey for crate::pricing::EstimateRequest {
    fn heap_bytes(&self) -> usize {
        self.add_ons.as_ref().map_or(0, |a| {
            a.len() * std::mem::size_of::<crate::therapy::AddOn>()
        }) + self.center_id.as_ref().map_or(0, |c| c.as_str().len())
    }
}

// An estimate's answer depends on its request and the live center view it was priced from.
impl CacheKey for crate::quoting::EstimateKey {
    fn heap_bytes(&self) -> usize {
        self.inputs.heap_bytes()
    }
}

// An answer in another language is another answer: its text differs, its figures do not.
impl<K: CacheKey> CacheKey for (crate::i18n::Lang, K) {
    fn heap_bytes(&self) -> usize {
        self.1.heap_bytes()
    }
}

/// Weighs an entry by what it holds, so the bound is in bytes.
#[derive(Debug, Clone, Copy)]
struct EntryBytes;

impl<K: CacheKey> Weighter<K, Bytes> for EntryBytes {
    fn weight(&self, key: &K, body: &Bytes) -> u64 {
        (std::mem::size_of::<K>() + key.heap_bytes() + body.len()) as u64
    }
}

/// Serialized answers by request, holding at most a configured number of bytes of bodies.
pub struct AnswerCache<K> {
    entries: Option<Arc<Cache<K, Bytes, EntryBytes>>>,
}

impl<K> Clone for AnswerCache<K> {
    fn clone(&self) -> Self {
        AnswerCache {
            entries: self.entries.clone(),
        }
    }
}

impl<K: CacheKey> std::fmt::Debug for AnswerCache<K> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.entries {
            Some(entries) => f
                .debug_struct("AnswerCache")
                .field("entries", &entries.len())
                .field("bytes", &entries.weight())
                .field("capacity_bytes", &entries.capacity())
                .finish(),
            None => f.write_str("AnswerCache(disabled)"),
        }
    }
}

/// A typical answer's size, used only to size the cache's table up front.
const TYPICAL_ANSWER_BYTES: u64 = 8 * 1024;

impl<K: CacheKey> AnswerCache<K> {
    /// A cache holding up to `capacity_bytes` of answer bodies; 0 turns it off.
    pub fn new(capacity_bytes: u64) -> Self {
        let entries = (capacity_bytes > 0).then(|| {
            let estimated_items = (capacity_bytes / TYPICAL_ANSWER_BYTES).max(1) as usize;
            Arc::new(Cache::with_weighter(
                estimated_items,
                capacity_bytes,
                EntryBytes,
            ))
        });
        AnswerCache { entries }
    }

    /// The remembered body for `key`, if any.
    pub fn get(&self, key: &K) -> Option<Bytes> {
        self.entries.as_ref()?.get(key)
    }

    /// The body for `key`: the remembered one, or the one `answer` makes, which is remembered
    /// when it succeeds.
    pub fn get_or_insert_with<E>(
        &self,
        key: &K,
        answer: impl FnOnce() -> Result<Bytes, E>,
    ) -> Result<Bytes, E> {
        if let Some(body) = self.get(key) {
            return Ok(body);
        }
        let body = answer()?;
        if let Some(entries) = &self.entries {
            entries.insert(key.clone(), body.clone());
        }
        Ok(body)
    }

    /// A `200 application/json` answer for `key`: the remembered body, or `answer()` serialized
    /// and remembered when it succeeds.
    pub fn json<T: Serialize>(
        &self,
        key: &K,
        answer: impl FnOnce() -> Result<T, ApiError>,
    ) -> Result<HttpResponse, ApiError> {
        let body = self.get_or_insert_with(key, || {
            serde_json::to_vec(&answer()?)
                .map(Bytes::from)
                .map_err(|e| ApiError::internal(format!("answer not serializable: {e}")))
        })?;
        Ok(HttpResponse::Ok()
            .content_type(ContentType::json())
            .body(body))
    }

    /// Forgets every remembered answer.
    pub fn clear(&self) {
        if let Some(entries) = &self.entries {
            entries.clear();
        }
    }

    /// How many answers are remembered.
    pub fn len(&self) -> usize {
        self.entries.as_ref().map_or(0, |e| e.len())
    }

    /// Whether no answer is remembered.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use super::*;

    impl CacheKey for u32 {
        fn heap_bytes(&self) -> usize {
            0
        }
    }

    fn body(text: &str) -> Result<Bytes, ()> {
        Ok(Bytes::copy_from_slice(text.as_bytes()))
    }

    #[test]
    fn a_remembered_answer_is_not_made_again() {
        let cache = AnswerCache::new(1024);
        let key = "a".to_owned();
        let made = Cell::new(0);
        let make = || {
            made.set(made.get() + 1);
            body("{\"a\":1}")
        };
        assert_eq!(cache.get_or_insert_with(&key, make).unwrap(), "{\"a\":1}");
        assert_eq!(
            cache.get_or_insert_with(&key, || body("other")).unwrap(),
            "{\"a\":1}"
        );
        assert_eq!(made.get(), 1);
        assert_eq!(cache.len(), 1);
        // Another key is another answer.
        let other = "b".to_owned();
        assert_eq!(cache.get_or_insert_with(&other, || body("b")).unwrap(), "b");
    }

    #[test]
    fn failures_are_not_remembered() {
        let cache = AnswerCache::<u32>::new(1024);
        assert!(cache.get_or_insert_with(&1, || Err(())).is_err());
        assert!(cache.is_empty());
        assert_eq!(cache.get_or_insert_with(&1, || body("ok")).unwrap(), "ok");
    }

    #[test]
    fn a_disabled_cache_makes_every_answer() {
        let cache = AnswerCache::new(0);
        let made = Cell::new(0);
        for _ in 0..3 {
            let answer = cache.get_or_insert_with(&1u32, || {
                made.set(made.get() + 1);
                body("x")
            });
            assert_eq!(answer.unwrap(), "x");
        }
        assert_eq!(made.get(), 3);
        assert!(cache.is_empty());
    }

    #[test]
    fn the_bound_is_in_bytes_and_counts_the_key() {
        let cache = AnswerCache::new(10_000);
        for key in 0..100u32 {
            cache
                .get_or_insert_with(&key, || body(&"x".repeat(1_000)))
                .unwrap();
        }
        let held = cache.entries.as_ref().unwrap().weight();
        assert!(held <= 10_000, "{held} bytes held");
        assert!(
            (1..10).contains(&cache.len()),
            "{} answers held",
            cache.len()
        );

        let cache = AnswerCache::new(10_000);
        let long_key = "k".repeat(20_000);
        cache.get_or_insert_with(&long_key, || body("x")).unwrap();
        assert!(
            cache.get(&long_key).is_none(),
            "a key larger than the bound"
        );
    }
}
