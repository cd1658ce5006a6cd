//! Idempotent creation on both databases: every `begin` outcome, completion, release,
//! abandonment, scoping, purging and a burst of concurrent retries.

use chrono::{DateTime, TimeDelta, Utc};
use serde_json::json;

use super::harness::TestDb;
use super::{new_quote, replacement_of};
use crate::quotes::{
    Begin, Claimed, Completion, Fingerprint, IdempotencyKey, IdempotencyScope, IdempotencyTicket,
    IdempotentCreate, JsonText, KeyClaim, KeyTaken, NewQuote, PreparedQuote, QuoteId, StoreError,
};

fn scope() -> IdempotencyScope {
    IdempotencyScope::ApiKey("acme-clinic-web".parse().unwrap())
}

/// A key no other test uses, so tests may share a database.
fn fresh_key() -> IdempotencyKey {
    format!("key-{:032x}", rand::random::<u128>())
        .parse()
        .unwrap()
}

fn body(joints: u32) -> Fingerprint {
    Fingerprint::of_json(&json!({"therapy": "knee_msc_injection", "joints": joints}))
}

async fn begin_new(db: &TestDb, key: &IdempotencyKey, now: DateTime<Utc>) -> IdempotencyTicket {
    match db.store.begin(&scope(), key, &body(1), now).await.unwrap() {
        Begin::New(ticket) => ticket,
        other => panic!("expected New, got {other:?}"),
    }
}

fn completion(ticket: IdempotencyTicket, quote: &NewQuote) -> Completion {
    Completion {
        ticket,
        status: 201,
        body: json!({"id": quote.id, "expires_at": quote.expires_at}),
    }
}

async fn a_completed_key_replays_its_response_and_stores_one_quote(db: &TestDb) {
    let key = fresh_key();
    let ticket = begin_new(db, &key, Utc::now()).await;
    let quote = new_quote();
    let done = completion(ticket, &quote);
    db.store
        .create(quote.clone(), Some(done.clone()))
        .await
        .unwrap();

    let retry = db
        .store
        .begin(&scope(), &key, &body(1), Utc::now())
        .await
        .unwrap();
    let Begin::Replay(response) = retry else {
        panic!("expected Replay, got {retry:?}");
    };
    assert_eq!(response.status, 201);
    assert_eq!(response.body, done.body);
    assert_eq!(response.quote_id, Some(quote.id.clone()));
    assert!(db.store.get(&quote.id).await.unwrap().is_some());
}

async fn a_completed_key_refuses_a_different_body(db: &TestDb) {
    let key = fresh_key();
    let ticket = begin_new(db, &key, Utc::now()).await;
    let quote = new_quote();
    db.store
        .create(quote.clone(), Some(completion(ticket, &quote)))
        .await
        .unwrap();
    let other = db
        .store
        .begin(&scope(), &key, &body(2), Utc::now())
        .await
        .unwrap();
    assert_eq!(other, Begin::Mismatch);
}

async fn a_retry_while_the_first_request_runs_is_in_progress(db: &TestDb) {
    let key = fresh_key();
    let now = Utc::now();
    begin_new(db, &key, now).await;
    let retry = db
        .store
        .begin(&scope(), &key, &body(1), now + TimeDelta::seconds(59))
        .await;
    assert_eq!(retry.unwrap(), Begin::InProgress);
    let other = db.store.begin(&scope(), &key, &body(2), now).await;
    assert_eq!(other.unwrap(), Begin::Mismatch);
}

async fn a_released_key_starts_afresh_even_with_another_body(db: &TestDb) {
    let key = fresh_key();
    let ticket = begin_new(db, &key, Utc::now()).await;
    db.store.release(ticket).await.unwrap();
    let again = db
        .store
        .begin(&scope(), &key, &body(2), Utc::now())
        .await
        .unwrap();
    assert!(matches!(again, Begin::New(_)), "{again:?}");
}

async fn an_abandoned_key_is_taken_over_and_its_first_holder_cannot_complete(db: &TestDb) {
    let key = fresh_key();
    let t0 = Utc::now();
    let first = begin_new(db, &key, t0).await;
    let second = begin_new(db, &key, t0 + TimeDelta::seconds(60)).await;

    let late = new_quote();
    let err = db
        .store
        .create(late.clone(), Some(completion(first.clone(), &late)))
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::LeaseLost), "{err:?}");
    assert_eq!(db.store.get(&late.id).await.unwrap(), None, "rolled back");
    // The first holder's release must not free the key the second one holds.
    db.store.release(first).await.unwrap();

    let quote = new_quote();
    db.store
        .create(quote.clone(), Some(completion(second, &quote)))
        .await
        .unwrap();
    let retry = db
        .store
        .begin(&scope(), &key, &body(1), Utc::now())
        .await
        .unwrap();
    assert!(matches!(retry, Begin::Replay(r) if r.quote_id == Some(quote.id)));
}

async fn a_completed_key_cannot_be_released(db: &TestDb) {
    let key = fresh_key();
    let ticket = begin_new(db, &key, Utc::now()).await;
    let quote = new_quote();
    db.store
        .create(quote.clone(), Some(completion(ticket.clone(), &quote)))
        .await
        .unwrap();
    db.store.release(ticket).await.unwrap();
    let retry = db
        .store
        .begin(&scope(), &key, &body(1), Utc::now())
        .await
        .unwrap();
    assert!(matches!(retry, Begin::Replay(_)), "{retry:?}");
}

async fn the_same_key_from_two_callers_is_two_keys(db: &TestDb) {
    let key = fresh_key();
    let now = Utc::now();
    begin_new(db, &key, now).await;
    let other = IdempotencyScope::ApiKey("other-clinic".parse().unwrap());
    for s in [other, IdempotencyScope::Anonymous] {
        let b = db.store.begin(&s, &key, &body(1), now).await.unwrap();
        assert!(matches!(b, Begin::New(_)), "{s:?}: {b:?}");
    }
}

async fn purging_forgets_keys_past_retention_and_keeps_the_rest(db: &TestDb) {
    let (old, young) = (fresh_key(), fresh_key());
    let now = Utc::now();
    let long_ago = now - TimeDelta::hours(24) - TimeDelta::seconds(1);
    let mut quotes = Vec::new();
    for (key, at) in [(&old, long_ago), (&young, now - TimeDelta::hours(23))] {
        let ticket = begin_new(db, key, at).await;
        let quote = new_quote();
        db.store
            .create(quote.clone(), Some(completion(ticket, &quote)))
            .await
            .unwrap();
        quotes.push(quote);
    }

    assert!(db.store.purge_idempotency_keys(now).await.unwrap() >= 1);

    let old_again = db.store.begin(&scope(), &old, &body(2), now).await.unwrap();
    assert!(matches!(old_again, Begin::New(_)), "{old_again:?}");
    let young_again = db
        .store
        .begin(&scope(), &young, &body(1), now)
        .await
        .unwrap();
    assert!(matches!(young_again, Begin::Replay(_)), "{young_again:?}");
    for quote in quotes {
        assert!(
            db.store.get(&quote.id).await.unwrap().is_some(),
            "quotes are kept"
        );
    }
}

async fn twenty_concurrent_begins_with_one_key_yield_exactly_one_new(db: &TestDb) {
    let key = fresh_key();
    let now = Utc::now();
    let tasks: Vec<_> = (0..20)
        .map(|_| {
            let (store, key) = (db.store.clone(), key.clone());
            tokio::spawn(async move { store.begin(&scope(), &key, &body(1), now).await })
        })
        .collect();
    let mut outcomes = Vec::new();
    for task in tasks {
        outcomes.push(task.await.unwrap().expect("begin succeeds"));
    }
    let new = outcomes
        .iter()
        .filter(|b| matches!(b, Begin::New(_)))
        .count();
    let waiting = outcomes.iter().filter(|b| **b == Begin::InProgress).count();
    assert_eq!((new, waiting), (1, 19), "{outcomes:?}");
}

fn prepared(quote: NewQuote) -> (PreparedQuote, JsonText) {
    let quote = quote.prepare().unwrap();
    let response = quote.created_body().unwrap();
    (quote, response)
}

fn held(claimed: Claimed) -> KeyClaim {
    match claimed {
        Claimed::Held(claim) => claim,
        Claimed::Taken(taken) => panic!("expected the key held, got {taken:?}"),
    }
}

fn taken(claimed: Claimed) -> KeyTaken {
    match claimed {
        Claimed::Taken(taken) => taken,
        Claimed::Held(claim) => panic!("expected the key taken, got {claim:?}"),
    }
}

/// Claims `key` for a body of `joints` joints at `now` and creates a new quote under it: the
/// quote's id and what happened (a refused claim counts as `Taken`).
async fn claim_and_create(
    db: &TestDb,
    key: &IdempotencyKey,
    joints: u32,
    now: DateTime<Utc>,
) -> (QuoteId, Result<IdempotentCreate, StoreError>) {
    let (quote, response) = prepared(new_quote());
    let id = quote.id().clone();
    let outcome = match db.store.claim(&scope(), key, &body(joints), now).await {
        Ok(Claimed::Held(claim)) => db.store.create_once(claim, quote, response).await,
        Ok(Claimed::Taken(taken)) => Ok(IdempotentCreate::Taken(taken)),
        Err(e) => Err(e),
    };
    (id, outcome)
}

async fn create_once_stores_the_quote_and_its_response_for_retries(db: &TestDb) {
    let key = fresh_key();
    let claim = held(
        db.store
            .claim(&scope(), &key, &body(1), Utc::now())
            .await
            .unwrap(),
    );
    let (quote, response) = prepared(new_quote());
    let id = quote.id().clone();
    let done = db
        .store
        .create_once(claim, quote, response.clone())
        .await
        .unwrap();
    assert_eq!(done, IdempotentCreate::Stored);
    assert!(db.store.get(&id).await.unwrap().is_some());

    let (again, replayed) = claim_and_create(db, &key, 1, Utc::now()).await;
    let Ok(IdempotentCreate::Taken(KeyTaken::Replay(replay))) = replayed else {
        panic!("expected a replay, got {replayed:?}");
    };
    assert_eq!(replay.status, 201);
    assert_eq!(replay.quote_id, Some(id.clone()));
    let first: serde_json::Value = serde_json::from_str(response.as_str()).unwrap();
    assert_eq!(replay.body, first);
    let (other, mismatch) = claim_and_create(db, &key, 2, Utc::now()).await;
    assert_eq!(
        mismatch.unwrap(),
        IdempotentCreate::Taken(KeyTaken::Mismatch)
    );
    for id in [again, other] {
        assert_eq!(
            db.store.get(&id).await.unwrap(),
            None,
            "nothing more stored"
        );
    }
    let retry = db.store.begin(&scope(), &key, &body(1), Utc::now()).await;
    assert!(matches!(retry, Ok(Begin::Replay(r)) if r.quote_id == Some(id)));
}

async fn a_claimed_key_is_in_progress_for_others_until_its_quote_is_stored(db: &TestDb) {
    let key = fresh_key();
    let now = Utc::now();
    let claim = held(db.store.claim(&scope(), &key, &body(1), now).await.unwrap());
    let same = db.store.claim(&scope(), &key, &body(1), now).await.unwrap();
    assert_eq!(taken(same), KeyTaken::InProgress);
    let other = db.store.claim(&scope(), &key, &body(2), now).await.unwrap();
    assert_eq!(taken(other), KeyTaken::Mismatch);

    let (quote, response) = prepared(new_quote());
    let id = quote.id().clone();
    let done = db.store.create_once(claim, quote, response).await.unwrap();
    assert_eq!(done, IdempotentCreate::Stored);
    let (_, retried) = claim_and_create(db, &key, 1, Utc::now()).await;
    assert!(
        matches!(&retried, Ok(IdempotentCreate::Taken(KeyTaken::Replay(r))) if r.quote_id == Some(id.clone())),
        "{retried:?}"
    );
}

async fn create_once_waits_for_a_key_held_by_begin_until_it_is_abandoned(db: &TestDb) {
    let key = fresh_key();
    let t0 = Utc::now();
    let first = begin_new(db, &key, t0).await;
    let (waiting, outcome) = claim_and_create(db, &key, 1, t0 + TimeDelta::seconds(59)).await;
    assert_eq!(
        outcome.unwrap(),
        IdempotentCreate::Taken(KeyTaken::InProgress)
    );
    assert_eq!(db.store.get(&waiting).await.unwrap(), None);

    let (taken_over, outcome) = claim_and_create(db, &key, 2, t0 + TimeDelta::seconds(60)).await;
    assert_eq!(outcome.unwrap(), IdempotentCreate::Stored);
    assert!(db.store.get(&taken_over).await.unwrap().is_some());
    let late = new_quote();
    let err = db
        .store
        .create(late.clone(), Some(completion(first, &late)))
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::LeaseLost), "{err:?}");
}

async fn giving_up_a_claim_frees_the_key(db: &TestDb) {
    let key = fresh_key();
    let claim = held(
        db.store
            .claim(&scope(), &key, &body(1), Utc::now())
            .await
            .unwrap(),
    );
    assert_eq!(db.store.give_up(claim).await.unwrap(), None);
    let (id, outcome) = claim_and_create(db, &key, 2, Utc::now()).await;
    assert_eq!(outcome.unwrap(), IdempotentCreate::Stored);
    assert!(db.store.get(&id).await.unwrap().is_some());
}

async fn a_key_that_answered_before_answers_even_when_nothing_can_be_built(db: &TestDb) {
    let key = fresh_key();
    let (id, outcome) = claim_and_create(db, &key, 1, Utc::now()).await;
    assert_eq!(outcome.unwrap(), IdempotentCreate::Stored);
    for (joints, replays) in [(1, true), (2, false)] {
        // As the route does when the body cannot be priced.
        let answer = match db
            .store
            .claim(&scope(), &key, &body(joints), Utc::now())
            .await
        {
            Ok(Claimed::Held(claim)) => db.store.give_up(claim).await.unwrap(),
            Ok(Claimed::Taken(taken)) => Some(taken),
            Err(e) => panic!("{e}"),
        };
        match answer {
            Some(KeyTaken::Replay(r)) if replays => assert_eq!(r.quote_id, Some(id.clone())),
            Some(KeyTaken::Mismatch) if !replays => {}
            other => panic!("{joints} joints: {other:?}"),
        }
    }
}

async fn a_failed_create_once_stores_nothing_and_leaves_its_key_free(db: &TestDb) {
    let key = fresh_key();
    let claim = held(
        db.store
            .claim(&scope(), &key, &body(1), Utc::now())
            .await
            .unwrap(),
    );
    let (quote, response) = prepared(replacement_of(&QuoteId::generate()));
    let id = quote.id().clone();
    let err = db
        .store
        .create_once(claim, quote, response)
        .await
        .unwrap_err();
    assert_eq!(err.field(), Some("replaces"));
    assert_eq!(db.store.get(&id).await.unwrap(), None);
    let again = db.store.begin(&scope(), &key, &body(2), Utc::now()).await;
    assert!(matches!(again, Ok(Begin::New(_))), "{again:?}");
}

async fn twenty_concurrent_creates_with_one_key_store_one_quote(db: &TestDb) {
    let key = fresh_key();
    let tasks: Vec<_> = (0..20)
        .map(|_| {
            let (store, key) = (db.store.clone(), key.clone());
            let (quote, response) = prepared(new_quote());
            let id = quote.id().clone();
            tokio::spawn(async move {
                let outcome = match store.claim(&scope(), &key, &body(1), Utc::now()).await {
                    Ok(Claimed::Held(claim)) => store.create_once(claim, quote, response).await,
                    Ok(Claimed::Taken(taken)) => Ok(IdempotentCreate::Taken(taken)),
                    Err(e) => Err(e),
                };
                (id, outcome.expect("no error"))
            })
        })
        .collect();
    let mut outcomes = Vec::new();
    for task in tasks {
        outcomes.push(task.await.unwrap());
    }
    let stored: Vec<&QuoteId> = outcomes
        .iter()
        .filter(|(_, o)| *o == IdempotentCreate::Stored)
        .map(|(id, _)| id)
        .collect();
    let [stored] = stored[..] else {
        panic!("expected exactly one stored, got {outcomes:?}");
    };
    for (id, outcome) in &outcomes {
        match outcome {
            IdempotentCreate::Stored | IdempotentCreate::Taken(KeyTaken::InProgress) => {}
            IdempotentCreate::Taken(KeyTaken::Replay(r)) => {
                assert_eq!(r.quote_id.as_ref(), Some(stored))
            }
            IdempotentCreate::Taken(KeyTaken::Mismatch) => panic!("one body, yet a mismatch"),
        }
        let found = db.store.get(id).await.unwrap().is_some();
        assert_eq!(found, id == stored, "{id}");
    }
}

on_both_databases!(
    create_once_stores_the_quote_and_its_response_for_retries,
    a_claimed_key_is_in_progress_for_others_until_its_quote_is_stored,
    create_once_waits_for_a_key_held_by_begin_until_it_is_abandoned,
    giving_up_a_claim_frees_the_key,
    a_key_that_answered_before_answers_even_when_nothing_can_be_built,
    a_failed_create_once_stores_nothing_and_leaves_its_key_free,
    twenty_concurrent_creates_with_one_key_store_one_quote,
    a_completed_key_replays_its_response_and_stores_one_quote,
    a_completed_key_refuses_a_different_body,
    a_retry_while_the_first_request_runs_is_in_progress,
    a_released_key_starts_afresh_even_with_another_body,
    an_abandoned_key_is_taken_over_and_its_first_holder_cannot_complete,
    a_completed_key_cannot_be_released,
    the_same_key_from_two_callers_is_two_keys,
    purging_forgets_keys_past_retention_and_keeps_the_rest,
    twenty_concurrent_begins_with_one_key_yield_exactly_one_new,
);
