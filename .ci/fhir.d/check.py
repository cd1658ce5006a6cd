"""The FHIR Good Faith Estimate as a health system reads it: asks the running service for the
Da Vinci PCT GFE Bundle of a complete quote, parses it with the fhir.resources R4B models and
checks the guide's invariants that matter (the estimate summary first, every reference resolves
to a fullUrl in the Bundle, every total is the sum of its items); then checks that an
incomplete quote answers 422 listing the missing element and that an explicit draft is a
Bundle that parses and says it is a draft.

    python check.py BASE_URL SECRET_KEY      (run by .ci/fhir)
"""

import datetime
import json
import sys
import urllib.error
import urllib.request
from decimal import Decimal

from fhir.resources.R4B.bundle import Bundle

CENTER = "synthetic-test-clinic-fort-worth"  # tests/api/fixtures/fhir-test-directory.json
FHIR = "application/fhir+json"


def call(base, key, method, path, body, accept="application/json"):
    req = urllib.request.Request(
        base + path,
        method=method,
        data=json.dumps(body).encode(),
        headers={"authorization": f"Bearer {key}", "content-type": "application/json",
                 "accept": accept},
    )
    try:
        with urllib.request.urlopen(req, timeout=10) as res:
            return res.status, res.headers.get("content-type"), res.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, err.headers.get("content-type"), err.read().decode()


def quote(base, key, scheduled):
    body = {"therapy": "knee_msc_injection", "zip": "76102", "center_id": CENTER}
    if scheduled:
        body["scheduled_date"] = (datetime.date.today() + datetime.timedelta(days=14)).isoformat()
    status, _, text = call(base, key, "POST", "/v1/quotes", body)
    assert status == 201, (status, text)
    return json.loads(text)


def coded_request(q):
    lines = {line["code"]: {"service_code": "20610"} for line in q["content"]["estimate"]["lines"]}
    return {"patient": {"name": "Test Patient", "date_of_birth": "1961-04-09"},
            "diagnosis_codes": ["M17.11"], "lines": lines}


def references(value, out):
    if isinstance(value, dict):
        for k, v in value.items():
            if k == "reference" and isinstance(v, str):
                out.append(v)
            else:
                references(v, out)
    elif isinstance(value, list):
        for v in value:
            references(v, out)


def cents(money):
    assert money["currency"] == "USD", money
    return Decimal(money["value"]) * 100


def check_bundle(text, draft):
    bundle = Bundle.model_validate_json(text)  # the R4B models: structure, types, cardinality
    assert bundle.type == "collection"
    assert bundle.identifier is not None and bundle.timestamp is not None
    raw = json.loads(text, parse_float=Decimal)
    entries = raw["entry"]
    # pct-gfe-bundle-3: the first entry is an estimate-summary Claim.
    first = entries[0]["resource"]
    assert first["resourceType"] == "Claim"
    assert any(c["code"] == "estimate-summary" and c["system"] ==
               "http://hl7.org/fhir/us/davinci-pct/CodeSystem/PCTEstimateTypeSummaryCSTemporaryTrialUse"
               for c in first["type"]["coding"]), first["type"]
    # Every fullUrl is set and unique; pct-gfe-bundle-2: every reference resolves inside.
    urls = [e["fullUrl"] for e in entries]
    assert all(urls) and len(set(urls)) == len(urls), urls
    refs = []
    references(raw, refs)
    unresolved = [r for r in refs if r not in urls]
    assert refs and not unresolved, unresolved
    # pct-gfe-bundle-1: a submitting provider or organization.
    kinds = [e["resource"]["resourceType"] for e in entries]
    assert "Patient" in kinds and "Coverage" in kinds, kinds
    # Totals add up: items to each Professional claim, claims to the summary.
    claims = [e["resource"] for e in entries if e["resource"]["resourceType"] == "Claim"]
    providers = Decimal(0)
    for claim in claims[1:]:
        assert claim["type"]["coding"][0]["code"] == "professional"
        assert claim["use"] == "predetermination"
        items = Decimal(0)
        for item in claim["item"]:
            net = cents(item["net"])
            assert cents(item["unitPrice"]) * item["quantity"]["value"] == net, item
            items += net
        assert items == cents(claim["total"]), (items, claim["total"])
        providers += items
    assert providers == cents(first["total"]), (providers, first["total"])
    statuses = {c["status"] for c in claims}
    tags = [t["code"] for t in raw.get("meta", {}).get("tag", [])]
    if draft:
        assert statuses == {"draft"} and "draft" in tags, (statuses, tags)
    else:
        assert statuses == {"active"} and "draft" not in tags, (statuses, tags)
        assert "Organization" in kinds, kinds
        org = next(e["resource"] for e in entries if e["resource"]["resourceType"] == "Organization")
        assert any(i["system"] == "http://hl7.org/fhir/sid/us-npi" for i in org["identifier"])
    return len(entries)


def main(base, key):
    q = quote(base, key, scheduled=True)
    path = f"/v1/quotes/{q['id']}/good-faith-estimate"
    status, media, text = call(base, key, "POST", path, coded_request(q), accept=FHIR)
    assert status == 200 and media == FHIR, (status, media, text[:500])
    n = check_bundle(text, draft=False)
    print(f"complete quote: a PCT GFE Bundle of {n} entries parses as R4B and keeps the invariants")

    unscheduled = quote(base, key, scheduled=False)
    path = f"/v1/quotes/{unscheduled['id']}/good-faith-estimate"
    status, media, text = call(base, key, "POST", path, coded_request(unscheduled), accept=FHIR)
    problem = json.loads(text)
    assert status == 422 and media == "application/problem+json", (status, media)
    missing = [m["element"] for m in problem["missing_elements"]]
    assert missing == ["service_date"], missing
    print(f"incomplete quote: 422 {problem['code']}, missing {missing}")

    status, media, text = call(base, key, "POST", path + "?draft=true", coded_request(unscheduled),
                                accept=FHIR)
    assert status == 200 and media == FHIR, (status, media)
    n = check_bundle(text, draft=True)
    print(f"draft asked for: a Bundle of {n} entries marked draft parses as R4B")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
