"""A clinic website's flow and a financing partner's flow, written against the client that
openapi-python-client generates from openapi/openapi.json, checked with `mypy --strict` and run
against a live server by .ci/clients. No casts, no `Any`, no `type: ignore`: if the document is
too loose to type a call, mypy rejects this file."""

import hashlib
import json
import os
import time
from datetime import date, datetime, timezone
from typing import TypeVar

import jwt
import rfc8785
from regenquote_client import AuthenticatedClient, Client
from regenquote_client.api.centers import get_center, list_centers
from regenquote_client.api.estimates import create_estimate
from regenquote_client.api.financing import get_financing_options
from regenquote_client.api.quotes import create_good_faith_estimate, create_quote, get_quote, reconcile_bill
from regenquote_client.api.signing import get_jwks
from regenquote_client.api.therapies import get_therapy, list_therapies
from regenquote_client.models import (
    Bill, Center, CenterPage, CenterSummary, EstimateRequest, FinancingOptions, GoodFaithEstimate,
    GoodFaithEstimateRequest, Jwks, Patient, PricedEstimate, QuotedCenter, QuoteRequest, QuoteStatus,
    QuoteView, ReconcileRequest, Reconciliation, TherapyCatalog, TherapyCode, TherapyEntry)
from regenquote_client.types import Response

T = TypeVar("T")
U = TypeVar("U")
checks = 0


def check(ok: bool, what: str) -> None:
    global checks
    if not ok:
        raise SystemExit(f"mismatch: {what}")
    checks += 1


def expect(what: str, status: int, answer: Response[U], kind: type[T]) -> T:
    """The parsed body when the answer has `status` and is a `kind`; anything else fails."""
    if answer.status_code != status or not isinstance(answer.parsed, kind):
        raise SystemExit(f"{what}: expected {status}, got {answer.status_code} {answer.content[:300]!r}")
    check(True, what)
    return answer.parsed


def is_cents(n: int) -> bool:
    """A whole, non-negative number of cents: the models pass JSON numbers through unconverted."""
    return type(n) is int and n >= 0


BASE = os.environ["REGENQUOTE_BASE_URL"]
public = Client(base_url=BASE, raise_on_unexpected_status=True)
# The clinic's website: its publishable key, sent from a page on its allowed origin.
website = AuthenticatedClient(base_url=BASE, token=os.environ["REGENQUOTE_CLINIC_PK"],
                              headers={"Origin": "https://www.clinic.example"})
# The clinic's back office and its lender: the account's secret key, kept on a server.
back_office = AuthenticatedClient(base_url=BASE, token=os.environ["REGENQUOTE_CLINIC_SK"])
THERAPY, ZIP = TherapyCode.KNEE_MSC_INJECTION, "76102"


def nearest_center() -> CenterSummary:
    page = expect("search centers", 200, list_centers.sync_detailed(client=public, zip_=ZIP), CenterPage)
    check(page.total >= 1 and len(page.centers) >= 1, f"a center near {ZIP}")
    return page.centers[0]


def clinic_flow() -> None:
    catalog = expect("list therapies", 200, list_therapies.sync_detailed(client=public), TherapyCatalog)
    check(any(t.code == THERAPY for t in catalog.therapies), f"{THERAPY} is in the catalog")
    entry = expect("get therapy", 200, get_therapy.sync_detailed(THERAPY, client=public), TherapyEntry)
    check(entry.code == THERAPY, "the therapy answered is the one asked for")

    body = EstimateRequest(therapy=THERAPY, zip_=ZIP)
    estimate = expect("estimate", 200, create_estimate.sync_detailed(client=public, body=body), PricedEstimate)
    total = estimate.total
    check(all(is_cents(n) for n in (total.low_cents, total.typical_cents, total.high_cents)), "whole cents")
    check(total.low_cents <= total.typical_cents <= total.high_cents, "low <= typical <= high")
    check(sum(line.typical_cents for line in estimate.lines) == total.typical_cents, "lines add up")

    nearest = nearest_center()
    center_id = nearest.id
    center = expect("get center", 200, get_center.sync_detailed(center_id, client=public), Center)
    check(center.id == center_id, "the center answered is the one from the search")

    financing = expect("financing", 200, get_financing_options.sync_detailed(
        client=public, amount_cents=total.typical_cents), FinancingOptions)
    check(financing.amount_cents == total.typical_cents, "financing is for the typical total")

    request = QuoteRequest(therapy=THERAPY, zip_=ZIP, center_id=center_id)
    key = f"ci-clinic-py-{time.time_ns()}"
    quote = expect("create quote (publishable key)", 201, create_quote.sync_detailed(
        client=website, body=request, idempotency_key=key), QuoteView)
    check(nearest.has_price_book or quote.total.typical_cents == total.typical_cents, "the estimate's total")
    replay = expect("retry create quote", 201, create_quote.sync_detailed(
        client=website, body=request, idempotency_key=key), QuoteView)
    check(replay.id == quote.id, f"the retry replays quote {quote.id}, not a new one")
    check(get_quote.sync_detailed(quote.id, client=website).status_code == 403, "a publishable key cannot read")


def partner_flow() -> None:
    center_id = nearest_center().id
    request = QuoteRequest(therapy=THERAPY, zip_=ZIP, center_id=center_id)
    created = expect("create quote (secret key)", 201,
                     create_quote.sync_detailed(client=back_office, body=request), QuoteView)
    quote_id = created.id
    quote = expect("read quote", 200, get_quote.sync_detailed(quote_id, client=back_office), QuoteView)
    check(quote.id == quote_id and quote.status == QuoteStatus.ACTIVE, "the quote read back is the one created")
    check(is_cents(quote.total.typical_cents) and quote.total == created.total, "the same total")
    lines = quote.content.estimate.lines
    check(sum(line.typical_cents for line in lines) == quote.total.typical_cents, "content lines add up")
    center = quote.content.center
    check(isinstance(center, QuotedCenter) and center.id == center_id, "the quote names its center")
    verify_offline(quote_id, quote.total.typical_cents)

    patient = Patient(name="Test Patient", date_of_birth=date(1970, 1, 1))
    gfe = expect("good faith estimate", 200, create_good_faith_estimate.sync_detailed(
        quote_id, client=back_office, body=GoodFaithEstimateRequest(patient=patient)), GoodFaithEstimate)
    check(gfe.quote.id == quote_id and is_cents(gfe.total_expected_charges_cents), "the estimate is for the quote")
    expected = [p.expected_charges_cents for p in gfe.providers if p.provider_id == center_id]
    check(len(expected) == 1 and is_cents(expected[0]), "the center is a provider")

    today = datetime.now(timezone.utc).date()
    bill = Bill(provider_id=center_id, billed_cents=expected[0] + 50_000, bill_date=today)
    answer = expect("reconcile", 200, reconcile_bill.sync_detailed(
        quote_id, client=back_office,
        body=ReconcileRequest(good_faith_estimate_id=gfe.id, bills=[bill])), Reconciliation)
    check(answer.quote_id == quote_id and answer.good_faith_estimate_id == gfe.id, "against the estimate issued")
    check(len(answer.providers) == 1, "one answer for the one bill")
    checked = answer.providers[0]
    check(checked.provider_id == center_id and checked.expected_cents == expected[0], "expected charges")
    check(checked.difference_cents == 50_000 and checked.dispute_eligible and answer.any_eligible,
          "$500 over, billed today: the patient may dispute")


def verify_quote(body: bytes, jwks_json: str) -> dict[str, object]:
    """The check docs/financing-partners.md shows a lender, on the answer's bytes."""
    quote = json.loads(body)
    token = quote["signed_quote"]
    key = jwt.PyJWKSet.from_json(jwks_json)[jwt.get_unverified_header(token)["kid"]]
    claims: dict[str, object] = jwt.decode(token, key.key, algorithms=["EdDSA"])
    digest = hashlib.sha256(rfc8785.dumps(quote["content"])).hexdigest()
    if claims["quote_id"] != quote["id"] or claims["content_sha256"] != digest:
        raise ValueError("the quote does not match its signature")
    return claims


def verify_offline(quote_id: str, typical_cents: int) -> None:
    """The stored quote verifies against the published keys (PyJWT, RFC 8785), and a changed
    content does not."""
    keys = expect("published keys", 200, get_jwks.sync_detailed(client=public), Jwks)
    check(len(keys.keys) >= 1 and keys.keys[0].alg == "EdDSA", "an EdDSA key is published")
    jwks_json = json.dumps(keys.to_dict())
    body = get_quote.sync_detailed(quote_id, client=back_office).content
    claims = verify_quote(body, jwks_json)
    total = claims["total"]
    check(isinstance(total, dict) and total["typical_cents"] == typical_cents, "the signed total")
    tampered = json.loads(body)
    tampered["content"]["request"]["zip"] = "10001"
    try:
        verify_quote(json.dumps(tampered).encode(), jwks_json)
        check(False, "a changed content is refused")
    except ValueError:
        check(True, "a changed content is refused")

clinic_flow()
partner_flow()
print(f"python flows: {checks} checks passed")
