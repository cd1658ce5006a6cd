//! The single SQLite writer. It takes every job waiting (up to a batch), runs them in order in
//! one `BEGIN IMMEDIATE` transaction on a connection of its own, commits once, and only then
//! answers. Consecutive creates are applied together as a run (see [`bulk`]); a run that fails
//! is rolled back and its creates applied one by one, so only the one at fault fails. Every
//! other job runs inside a savepoint of its own. A failed COMMIT fails the whole batch.
//!
//! The connection is the writer's for as long as it works: taking one from the pool for each
//! batch cost a ping on the way out and another on the way back, each a round trip to the
//! connection's thread.

use std::collections::HashSet;

use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection, SqliteConnection};
use tokio::sync::mpsc;

use super::bulk::{self, Insert};
use super::{Job, Reply, ops};
use crate::quotes::idempotency::IdempotentCreate;
use crate::quotes::{IdempotencyKey, StoreError};

/// The most writes one transaction commits.
const MAX_BATCH: usize = 512;

/// Prepared statements the writer's connection keeps: one per length of each bulk statement,
/// and the rest.
const STATEMENT_CACHE: usize = 3 * bulk::MAX_ROWS + 32;

/// Serves jobs until every sender is gone.
pub(super) async fn run(options: SqliteConnectOptions, mut jobs: mpsc::Receiver<Job>) {
    let options = options.statement_cache_capacity(STATEMENT_CACHE);
    let mut conn = None;
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while jobs.recv_many(&mut batch, MAX_BATCH).await > 0 {
        commit_batch(&options, &mut conn, batch.drain(..)).await;
    }
}

/// A job that ran, with its own outcome, waiting for the COMMIT.
enum Ran {
    Unit(Reply<()>, Result<(), StoreError>),
    Begin(
        Reply<crate::quotes::Begin>,
        Result<crate::quotes::Begin, StoreError>,
    ),
    Once(
        Reply<IdempotentCreate>,
        Result<IdempotentCreate, StoreError>,
    ),
    Count(Reply<u64>, Result<u64, StoreError>),
}

impl Ran {
    fn failed(&self) -> bool {
        match self {
            Ran::Unit(_, r) => r.is_err(),
            Ran::Begin(_, r) => r.is_err(),
            Ran::Once(_, r) => r.is_err(),
            Ran::Count(_, r) => r.is_err(),
        }
    }

    /// Answers the caller: its own outcome if the batch committed, else the batch's error.
    /// A caller that stopped waiting is simply not told.
    fn answer(self, batch: Option<&StoreError>) {
        fn pick<T>(
            own: Result<T, StoreError>,
            batch: Option<&StoreError>,
        ) -> Result<T, StoreError> {
            match batch {
                Some(e) => Err(e.clone()),
                None => own,
            }
        }
        match self {
            Ran::Unit(reply, own) => drop(reply.send(pick(own, batch))),
            Ran::Begin(reply, own) => drop(reply.send(pick(own, batch))),
            Ran::Once(reply, own) => drop(reply.send(pick(own, batch))),
            Ran::Count(reply, own) => drop(reply.send(pick(own, batch))),
        }
    }
}

impl Job {
    /// Tells the caller the batch failed before this job ran.
    fn fail(self, e: &StoreError) {
        match self {
            Job::Create { reply, .. }
            | Job::Supersede { reply, .. }
            | Job::Release { reply, .. } => drop(reply.send(Err(e.clone()))),
            Job::CreateOnce { reply, .. } => drop(reply.send(Err(e.clone()))),
            Job::Begin { reply, .. } => drop(reply.send(Err(e.clone()))),
            Job::Purge { reply, .. } => drop(reply.send(Err(e.clone()))),
        }
    }

    /// Where the job goes: into a run of creates, or alone. A create that records a response
    /// under a key the request already holds, or that replaces another quote, runs alone.
    fn place(self) -> Placed {
        match self {
            Job::Create {
                quote,
                completion: None,
                reply,
            } if quote.replaces.is_none() => Placed::InRun(Member {
                insert: Insert { quote, once: None },
                reply: MemberReply::Create(reply),
            }),
            Job::CreateOnce {
                claim,
                quote,
                body,
                reply,
            } if quote.replaces.is_none() => Placed::InRun(Member {
                insert: Insert {
                    quote,
                    once: Some((claim, body)),
                },
                reply: MemberReply::Once(reply),
            }),
            job => Placed::Alone(job),
        }
    }

    /// Runs the job alone; the caller wraps it in a savepoint, rolled back if it failed.
    async fn run(self, conn: &mut SqliteConnection) -> Ran {
        match self {
            Job::Create {
                quote,
                completion,
                reply,
            } => Ran::Unit(reply, ops::create(conn, &quote, completion.as_ref()).await),
            Job::CreateOnce {
                claim,
                quote,
                body,
                reply,
            } => {
                let insert = Insert {
                    quote,
                    once: Some((claim, body)),
                };
                Ran::Once(reply, apply_one(conn, &insert).await)
            }
            Job::Supersede { id, by, at, reply } => {
                Ran::Unit(reply, ops::supersede(conn, &id, &by, at).await)
            }
            Job::Begin {
                ticket,
                fingerprint,
                now,
                lock_timeout,
                reply,
            } => Ran::Begin(
                reply,
                ops::begin(conn, ticket, &fingerprint, now, lock_timeout).await,
            ),
            Job::Release { ticket, reply } => Ran::Unit(reply, ops::release(conn, &ticket).await),
            Job::Purge { before, reply } => Ran::Count(reply, ops::purge(conn, before).await),
        }
    }
}

enum Placed {
    InRun(Member),
    Alone(Job),
}

/// A create waiting in a run.
struct Member {
    insert: Insert,
    reply: MemberReply,
}

enum MemberReply {
    Create(Reply<()>),
    Once(Reply<IdempotentCreate>),
}

impl Member {
    fn ran(self, outcome: Result<IdempotentCreate, StoreError>) -> Ran {
        match self.reply {
            MemberReply::Create(reply) => Ran::Unit(reply, outcome.map(drop)),
            MemberReply::Once(reply) => Ran::Once(reply, outcome),
        }
    }
}

/// Consecutive creates with distinct keys, applied together.
#[derive(Default)]
struct Run {
    members: Vec<Member>,
    keys: HashSet<(String, IdempotencyKey)>,
}

impl Run {
    /// Whether `member` uses a key already in the run: a second use of a key must see what
    /// the first one did, so the run is applied before it joins.
    fn holds_key_of(&self, member: &Member) -> bool {
        member.insert.once.as_ref().is_some_and(|(claim, _)| {
            self.keys
                .contains(&(claim.ticket.scope.clone(), claim.ticket.key.clone()))
        })
    }

    fn push(&mut self, member: Member) {
        if let Some((claim, _)) = &member.insert.once {
            self.keys
                .insert((claim.ticket.scope.clone(), claim.ticket.key.clone()));
        }
        self.members.push(member);
    }

    /// Applies the run, leaving it empty, and records each member's outcome in `ran`. An
    /// error means the transaction itself failed; the members then carry that error.
    async fn flush(
        &mut self,
        conn: &mut SqliteConnection,
        ran: &mut Vec<Ran>,
    ) -> Result<(), StoreError> {
        self.keys.clear();
        let members = std::mem::take(&mut self.members);
        if members.is_empty() {
            return Ok(());
        }
        let inserts: Vec<&Insert> = members.iter().map(|m| &m.insert).collect();
        let outcomes = apply_run(conn, &inserts).await;
        drop(inserts);
        match outcomes {
            Ok(outcomes) => {
                ran.extend(members.into_iter().zip(outcomes).map(|(m, o)| m.ran(o)));
                Ok(())
            }
            Err(e) => {
                ran.extend(members.into_iter().map(|m| m.ran(Err(e.clone()))));
                Err(e)
            }
        }
    }
}

/// Each insert's outcome. The run is applied in one go when it can be; when that fails, it is
/// rolled back and each insert applied alone, so that only the ones at fault fail.
async fn apply_run(
    conn: &mut SqliteConnection,
    inserts: &[&Insert],
) -> Result<Vec<Result<IdempotentCreate, StoreError>>, StoreError> {
    if let [insert] = inserts {
        return Ok(vec![
            in_savepoint(conn, async |c| apply_one(c, insert).await).await?,
        ]);
    }
    match in_savepoint(conn, async |c| bulk::apply(c, inserts).await).await? {
        Ok(outcomes) => return Ok(outcomes.into_iter().map(Ok).collect()),
        Err(e) => tracing::debug!(error = %e, "a run of creates failed; applying them one by one"),
    }
    let mut outcomes = Vec::with_capacity(inserts.len());
    for insert in inserts {
        outcomes.push(in_savepoint(conn, async |c| apply_one(c, insert).await).await?);
    }
    Ok(outcomes)
}

async fn apply_one(
    conn: &mut SqliteConnection,
    insert: &Insert,
) -> Result<IdempotentCreate, StoreError> {
    let mut outcomes = bulk::apply(conn, &[insert]).await?;
    outcomes
        .pop()
        .ok_or_else(|| StoreError::Corrupt("a create had no outcome".into()))
}

/// Runs `work` inside a savepoint: kept when it succeeds, rolled back when it fails. The outer
/// error is the transaction's own failure; the inner one is `work`'s.
async fn in_savepoint<T>(
    conn: &mut SqliteConnection,
    work: impl AsyncFnOnce(&mut SqliteConnection) -> Result<T, StoreError>,
) -> Result<Result<T, StoreError>, StoreError> {
    sqlx::query("SAVEPOINT job").execute(&mut *conn).await?;
    let outcome = work(&mut *conn).await;
    if outcome.is_err() {
        sqlx::query("ROLLBACK TO job").execute(&mut *conn).await?;
    }
    sqlx::query("RELEASE job").execute(&mut *conn).await?;
    Ok(outcome)
}

async fn commit_batch(
    options: &SqliteConnectOptions,
    conn: &mut Option<SqliteConnection>,
    mut jobs: impl Iterator<Item = Job>,
) {
    let mut ran = Vec::new();
    let outcome = match connection(options, conn).await {
        Ok(c) => run_in_one_transaction(c, &mut jobs, &mut ran).await,
        Err(e) => Err(e),
    };
    let batch_error = outcome.err();
    for r in ran {
        r.answer(batch_error.as_ref());
    }
    if let Some(e) = &batch_error {
        tracing::error!(error = %e, "a batch of quote writes failed");
        jobs.for_each(|job| job.fail(e));
        // The connection may be what failed: the next batch opens a new one.
        *conn = None;
    }
}

/// The writer's connection, opened if there is none.
async fn connection<'c>(
    options: &SqliteConnectOptions,
    conn: &'c mut Option<SqliteConnection>,
) -> Result<&'c mut SqliteConnection, StoreError> {
    let open = match conn.take() {
        Some(open) => open,
        None => options.connect().await?,
    };
    Ok(conn.insert(open))
}

async fn run_in_one_transaction(
    conn: &mut SqliteConnection,
    jobs: &mut impl Iterator<Item = Job>,
    ran: &mut Vec<Ran>,
) -> Result<(), StoreError> {
    // IMMEDIATE takes the write lock up front: another process writing the same file makes
    // this wait (busy_timeout) instead of failing later with SQLITE_BUSY.
    let mut tx = conn.begin_with("BEGIN IMMEDIATE").await?;
    let mut run = Run::default();
    for job in jobs {
        let job = match job.place() {
            Placed::InRun(member) => {
                if run.holds_key_of(&member)
                    && let Err(e) = run.flush(&mut tx, ran).await
                {
                    ran.push(member.ran(Err(e.clone())));
                    return Err(e);
                }
                run.push(member);
                continue;
            }
            Placed::Alone(job) => job,
        };
        let ready = match run.flush(&mut tx, ran).await {
            Ok(()) => sqlx::query("SAVEPOINT job")
                .execute(&mut *tx)
                .await
                .map_err(StoreError::from),
            Err(e) => Err(e),
        };
        if let Err(e) = ready {
            job.fail(&e);
            return Err(e);
        }
        let r = job.run(&mut tx).await;
        let failed = r.failed();
        ran.push(r);
        if failed {
            sqlx::query("ROLLBACK TO job").execute(&mut *tx).await?;
        }
        sqlx::query("RELEASE job").execute(&mut *tx).await?;
    }
    run.flush(&mut tx, ran).await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests;
