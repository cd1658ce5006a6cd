//! The reference data the settings name (or the shipped tables), loaded and validated once
//! at start-up into the quoting service and the app state. A bad file stops start-up with a
//! message naming the file, row and field.

use std::sync::Arc;

use anyhow::Context;

use crate::app::configuration::Settings;
use crate::auth::Keyring;
use crate::centers::{Directory, ZipTable};
use crate::coverage::CoverageRules;
use crate::http::answer_cache::AnswerCache;
use crate::http::state::AppState;
use crate::pricing::PriceBook;
use crate::quoting::Quoting;
use crate::signing::Signer;
use crate::storage::Database;
use crate::storage::centers::CenterStore;
use crate::storage::quotes::{QuotePolicy, QuoteStore};
use crate::storage::webhooks::WebhookStore;
use crate::webhooks::WebhookWaker;

/// The quoting service over the reference data `settings` name.
pub fn quoting(settings: &Settings) -> anyhow::Result<Quoting> {
    settings
        .financing
        .validate()
        .map_err(|e| anyhow::anyhow!("invalid financing configuration: {e}"))?;
    let data = &settings.data;
    let coverage = match &data.coverage_rules {
        Some(path) => CoverageRules::from_path(path)
            .with_context(|| format!("coverage rules {}", path.display()))?,
        None => CoverageRules::embedded().context("shipped coverage rules")?,
    };
    let price_book = match &data.price_book {
        Some(path) => {
            PriceBook::from_path(path).with_context(|| format!("price book {}", path.display()))?
        }
        None => PriceBook::embedded().context("shipped price book")?,
    };
    let zips = match &data.zip_codes {
        Some(path) => {
            ZipTable::from_path(path).with_context(|| format!("ZIP table {}", path.display()))?
        }
        None => ZipTable::embedded().context("shipped ZIP table")?,
    };
    let directory = match &data.centers {
        Some(path) => Directory::from_path(path, &zips)
            .with_context(|| format!("center directory {}", path.display()))?,
        None => Directory::embedded(&zips).context("shipped center directory")?,
    };
    if !(1..=100_000).contains(&settings.centers.max_per_account) {
        anyhow::bail!("centers.max_per_account: must be from 1 to 100000");
    }
    let mut handoffs = std::collections::BTreeMap::new();
    for (i, h) in settings.centers.handoff.iter().enumerate() {
        if directory.get(&h.center_id).is_none() {
            anyhow::bail!(
                "centers.handoff[{i}].center_id: no directory center has the id `{}`",
                h.center_id
            );
        }
        if h.account.trim().is_empty() {
            anyhow::bail!("centers.handoff[{i}].account: must name an account");
        }
        if handoffs
            .insert(h.center_id.clone(), h.account.clone())
            .is_some()
        {
            anyhow::bail!(
                "centers.handoff[{i}].center_id: `{}` is handed over twice",
                h.center_id
            );
        }
    }
    Ok(Quoting::new(
        price_book,
        coverage,
        zips,
        directory,
        settings.financing.plans.clone(),
    )
    .with_handoffs(handoffs))
}

/// Everything handlers read, over `database`: the quoting service, the quote store (which
/// starts its writer on SQLite, so call this inside the runtime), the keys and the caches.
pub fn app_state(settings: &Settings, database: Database) -> anyhow::Result<AppState> {
    settings.cors.validate()?;
    let quoting = quoting(settings)?;
    let keyring = Keyring::from_settings(&settings.auth).context("invalid auth.keys")?;
    let policy = QuotePolicy::try_from(&settings.quotes).context("invalid quotes settings")?;
    let signer = Arc::new(
        Signer::from_settings(&settings.signing, |var| std::env::var(var).ok())
            .context("invalid signing keys")?,
    );
    if signer.is_ephemeral() {
        tracing::warn!(
            kid = %signer.active_kid(),
            "no signing key is configured: quotes are signed with a key made at start-up, which \
             is forgotten at exit, so their signatures stop verifying after a restart; configure \
             [signing] keys (regenquote mint-signing-key) for anything but a developer's machine"
        );
    }
    settings
        .webhooks
        .validate()
        .context("invalid webhooks settings")?;
    Ok(AppState {
        quotes: QuoteStore::new(&database, policy).with_signer(signer.clone()),
        centers: CenterStore::new(&database).limited_to(settings.centers.max_per_account),
        webhooks: WebhookStore::new(&database),
        webhook_waker: WebhookWaker::default(),
        webhook_settings: Arc::new(settings.webhooks.clone()),
        signer,
        database,
        keyring: Arc::new(keyring),
        quoting,
        estimates: AnswerCache::new(settings.answer_cache.estimates_bytes),
        center_searches: AnswerCache::new(settings.answer_cache.centers_bytes),
    })
}
