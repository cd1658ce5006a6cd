//! What a quote's signature states: the claims of its `signed_quote`, a compact JWS a lender
//! verifies offline against the published keys. The claims name the figures a lender funds
//! against and, through `content_sha256`, every byte of meaning of the quote's `content`.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::centers::CenterId;
use crate::pricing::estimate::PricedBy;
use crate::quoting::{JsonText, QuoteId, QuoteSnapshot};
use crate::therapy::TherapyCode;

/// The payload of a quote's `signed_quote`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedQuoteClaims {
    /// The quote's id.
    pub quote_id: QuoteId,
    /// The account whose key stored the quote.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    /// The therapy quoted.
    pub therapy: TherapyCode,
    /// The center that will perform it, when the quote names one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub center_id: Option<CenterId>,
    /// The quoted total, in US cents.
    pub total: SignedTotal,
    /// The national price book in force.
    pub price_book_version: String,
    /// When the center's own price list set the prices: the date it was last confirmed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price_list_as_of: Option<NaiveDate>,
    /// The version of the center's published price list that set the prices, when one did:
    /// with `center_id`, it pins the prices the quote promised.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price_list_version: Option<u32>,
    /// When the quote was created (RFC 3339, UTC).
    pub created_at: DateTime<Utc>,
    /// When the quote stops being valid (RFC 3339, UTC).
    pub expires_at: DateTime<Utc>,
    /// The earlier quote this one replaced.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replaces: Option<QuoteId>,
    /// SHA-256 (lowercase hex) of the quote's `content` written as RFC 8785 canonical JSON.
    pub content_sha256: String,
    /// `created_at` in seconds since the Unix epoch, as JWT libraries read it.
    pub iat: i64,
}

/// The quoted total in a signature.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedTotal {
    /// Lowest expected total, in cents.
    pub low_cents: u64,
    /// Typical total, in cents.
    pub typical_cents: u64,
    /// Highest expected total, in cents.
    pub high_cents: u64,
}

/// The quote fields a signature states, beside its snapshot.
pub(crate) struct ClaimsOf<'a> {
    pub id: &'a QuoteId,
    pub account: Option<&'a str>,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub replaces: Option<&'a QuoteId>,
    pub content: &'a JsonText,
}

impl SignedQuoteClaims {
    /// The claims of a quote issued with `snapshot`, whose stored text is `quote.content`,
    /// made by [`JsonText::canonical`]: already canonical, its bytes are hashed as they are.
    pub(crate) fn of(quote: ClaimsOf<'_>, snapshot: &QuoteSnapshot) -> SignedQuoteClaims {
        let estimate = &snapshot.estimate.estimate;
        let (price_list_as_of, price_list_version) = match &estimate.priced_by {
            PricedBy::Center {
                as_of,
                price_list_version,
                ..
            } => (Some(*as_of), *price_list_version),
            PricedBy::NationalBook => (None, None),
        };
        SignedQuoteClaims {
            quote_id: quote.id.clone(),
            account: quote.account.map(str::to_owned),
            therapy: estimate.therapy,
            center_id: snapshot.request.center_id.clone(),
            total: SignedTotal {
                low_cents: estimate.total.low_cents.get(),
                typical_cents: estimate.total.typical_cents.get(),
                high_cents: estimate.total.high_cents.get(),
            },
            price_book_version: estimate.price_book.version.clone(),
            price_list_as_of,
            price_list_version,
            created_at: quote.created_at,
            expires_at: quote.expires_at,
            replaces: quote.replaces.cloned(),
            content_sha256: sha256_hex(quote.content.as_str().as_bytes()),
            iat: quote.created_at.timestamp(),
        }
    }
}

/// SHA-256, in lowercase hex, of `content` written as RFC 8785 canonical JSON: what a reader
/// recomputes from the `content` it parsed, whatever whitespace or key order carried it.
/// For a quote issued here that is the SHA-256 of its stored text, which was written canonical;
/// quotes stored earlier may hold other text with the same meaning.
pub fn content_sha256(content: &JsonText) -> Result<String, serde_json::Error> {
    let value: serde_json::Value = serde_json::from_str(content.as_str())?;
    let canonical = serde_jcs::to_vec(&value)?;
    Ok(sha256_hex(&canonical))
}

fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

#[cfg(test)]
mod tests {
    use chrono::TimeDelta;
    use proptest::prelude::*;
    use serde_json::{Value, json};

    use super::*;
    use crate::quoting::fixtures::{issued, snapshot};
    use crate::quoting::{NewQuote, QuoteDraft};
    use crate::signing::{Signer, verify};

    fn draft(account: Option<&str>) -> QuoteDraft {
        QuoteDraft {
            snapshot: snapshot(),
            owner_key_id: Some("clinic-web".parse().unwrap()),
            account: account.map(str::to_owned),
            replaces: Some(QuoteId::generate()),
        }
    }

    fn claims_of(quote: &NewQuote, signer: &Signer) -> SignedQuoteClaims {
        let (kid, payload) =
            verify(quote.signed_quote.as_deref().unwrap(), &signer.jwks()).unwrap();
        assert_eq!(kid, signer.active_kid().as_str());
        serde_json::from_slice(&payload).unwrap()
    }

    #[test]
    fn a_signed_quote_states_what_the_quote_says() {
        let signer = Signer::ephemeral();
        let quote = NewQuote::issue_signed(
            draft(Some("clinic")),
            issued(),
            TimeDelta::days(30),
            Some(&signer),
        )
        .unwrap();
        let claims = claims_of(&quote, &signer);
        let [low, typical, high] = quote.total.as_stored();
        assert_eq!(
            claims,
            SignedQuoteClaims {
                quote_id: quote.id.clone(),
                account: Some("clinic".into()),
                therapy: quote.therapy,
                center_id: snapshot().request.center_id,
                total: SignedTotal {
                    low_cents: low as u64,
                    typical_cents: typical as u64,
                    high_cents: high as u64,
                },
                price_book_version: quote.price_book_version.clone(),
                price_list_as_of: match snapshot().estimate.estimate.priced_by {
                    PricedBy::Center { as_of, .. } => Some(as_of),
                    PricedBy::NationalBook => None,
                },
                price_list_version: None,
                created_at: quote.created_at,
                expires_at: quote.expires_at,
                replaces: quote.replaces.clone(),
                content_sha256: content_sha256(&quote.content).unwrap(),
                iat: quote.created_at.timestamp(),
            }
        );
        let into_stored = quote.clone().into_stored();
        assert_eq!(into_stored.signed_quote, quote.signed_quote);
        assert_eq!(
            into_stored.view_as_created().signed_quote,
            quote.signed_quote
        );
    }

    #[test]
    fn a_quote_issued_without_a_signer_is_unsigned_and_its_view_says_nothing_of_a_signature() {
        let quote = NewQuote::issue(draft(None), issued(), TimeDelta::days(30)).unwrap();
        assert_eq!(quote.signed_quote, None);
        let view = serde_json::to_value(quote.into_stored().view_as_created()).unwrap();
        assert!(view.get("signed_quote").is_none(), "{view}");
    }

    #[test]
    fn the_claims_name_no_account_when_none_is_known_and_times_as_rfc_3339() {
        let signer = Signer::ephemeral();
        let quote =
            NewQuote::issue_signed(draft(None), issued(), TimeDelta::days(30), Some(&signer))
                .unwrap();
        let token = quote.signed_quote.as_deref().unwrap();
        let (_, payload) = verify(token, &signer.jwks()).unwrap();
        let payload: Value = serde_json::from_slice(&payload).unwrap();
        assert!(payload.get("account").is_none(), "{payload}");
        let created = payload["created_at"].as_str().unwrap();
        assert!(created.ends_with('Z') && created.len() == 20, "{created}");
        assert_eq!(payload["content_sha256"].as_str().unwrap().len(), 64);
    }

    #[test]
    fn a_new_quotes_content_is_stored_canonical_and_signed_as_those_bytes() {
        let signer = Signer::ephemeral();
        let quote =
            NewQuote::issue_signed(draft(None), issued(), TimeDelta::days(30), Some(&signer))
                .unwrap();
        let text = quote.content.as_str();
        let value: Value = serde_json::from_str(text).unwrap();
        assert_eq!(text, serde_jcs::to_string(&value).unwrap());
        assert_eq!(
            claims_of(&quote, &signer).content_sha256,
            hex::encode(Sha256::digest(text.as_bytes()))
        );
    }

    #[test]
    fn the_content_digest_is_of_canonical_json() {
        let compact = JsonText::from_stored(r#"{"b":1,"a":[1.5,"x"]}"#.into()).unwrap();
        let spaced =
            JsonText::from_stored("{ \"a\" : [ 1.50, \"x\" ],\n \"b\" : 1.0e0 }".into()).unwrap();
        assert_eq!(
            content_sha256(&compact).unwrap(),
            content_sha256(&spaced).unwrap()
        );
        // RFC 8785 writes it as {"a":[1.5,"x"],"b":1}.
        assert_eq!(
            content_sha256(&compact).unwrap(),
            hex::encode(Sha256::digest(br#"{"a":[1.5,"x"],"b":1}"#))
        );
        let changed = JsonText::from_stored(r#"{"b":2,"a":[1.5,"x"]}"#.into()).unwrap();
        assert_ne!(
            content_sha256(&compact).unwrap(),
            content_sha256(&changed).unwrap()
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn any_changed_amount_in_the_content_changes_its_digest(
            typical in 0u64..10_000_000_000,
            delta in 1u64..1_000_000,
        ) {
            let text = |n: u64| {
                JsonText::from_stored(json!({"total": {"typical_cents": n}}).to_string()).unwrap()
            };
            prop_assert_ne!(
                content_sha256(&text(typical)).unwrap(),
                content_sha256(&text(typical + delta)).unwrap()
            );
        }
    }
}
