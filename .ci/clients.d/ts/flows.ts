// A clinic website's flow and a financing partner's flow, written against the types that
// openapi-typescript generates from openapi/openapi.json and run against a live server by
// .ci/clients. No type assertions, no `any`, no compiler directives: if the document is too loose
// to type a call, this file stops compiling.
import createClient from "openapi-fetch";
import type { paths } from "./generated/schema.js";

const env = (name: string): string => process.env[name] || fail(`${name} is not set`);
function fail(why: string): never {
  throw new Error(why);
}
let checks = 0;
function check(ok: boolean, what: string): asserts ok {
  if (!ok) fail(`mismatch: ${what}`);
  checks += 1;
}
const isCents = (n: number): boolean => Number.isSafeInteger(n) && n >= 0;

// The body when the answer has `status`; anything else fails with the problem it carried.
async function expect<T>(what: string, status: number,
  call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (response.status !== status || data === undefined) {
    fail(`${what}: expected ${status}, got ${response.status} ${JSON.stringify(error)}`);
  }
  checks += 1;
  return data;
}

const baseUrl = env("REGENQUOTE_BASE_URL");
const publicApi = createClient<paths>({ baseUrl });
// The clinic's website: its publishable key, sent from a page on its allowed origin.
const website = createClient<paths>({ baseUrl, headers: {
  Authorization: `Bearer ${env("REGENQUOTE_CLINIC_PK")}`, Origin: "https://www.clinic.example" } });
// The clinic's back office and its lender: the account's secret key, kept on a server. A JSON
// caller says so once: the Good Faith Estimate also comes as a printable page (text/html), and
// the media type parameter types every answer as its application/json representation.
const backOffice = createClient<paths, "application/json">({ baseUrl, headers: {
  Authorization: `Bearer ${env("REGENQUOTE_CLINIC_SK")}` } });
const therapy = "knee_msc_injection";
const zip = "76102";

async function nearestCenter() {
  const page = await expect("search centers", 200, publicApi.GET("/v1/centers", { params: { query: { zip } } }));
  const [first] = page.centers;
  check(first !== undefined && page.total >= 1, `a center near ${zip}`);
  return first;
}

async function clinicFlow(): Promise<void> {
  const catalog = await expect("list therapies", 200, publicApi.GET("/v1/therapies"));
  check(catalog.therapies.some((t) => t.code === therapy), `${therapy} is in the catalog`);
  const entry = await expect("get therapy", 200,
    publicApi.GET("/v1/therapies/{code}", { params: { path: { code: therapy } } }));
  check(entry.code === therapy, "the therapy answered is the one asked for");

  const estimate = await expect("estimate", 200, publicApi.POST("/v1/estimates", { body: { therapy, zip } }));
  const { low_cents, typical_cents, high_cents } = estimate.total;
  check([low_cents, typical_cents, high_cents].every(isCents), "estimate amounts are whole cents");
  check(low_cents <= typical_cents && typical_cents <= high_cents, "low <= typical <= high");
  check(estimate.lines.reduce((sum, l) => sum + l.typical_cents, 0) === typical_cents, "lines add up");

  const nearest = await nearestCenter();
  const centerId = nearest.id;
  const center = await expect("get center", 200,
    publicApi.GET("/v1/centers/{id}", { params: { path: { id: centerId } } }));
  check(center.id === centerId, "the center answered is the one from the search");

  const financing = await expect("financing", 200,
    publicApi.GET("/v1/financing/options", { params: { query: { amount_cents: typical_cents } } }));
  check(financing.amount_cents === typical_cents, "financing is for the typical total");
  check(financing.as_low_as == null || isCents(financing.as_low_as.monthly_payment_cents), "monthly cents");

  const idempotencyKey = `ci-clinic-${Date.now()}`;
  const create = () => website.POST("/v1/quotes", {
    params: { header: { "Idempotency-Key": idempotencyKey } },
    body: { therapy, zip, center_id: centerId },
  });
  const quote = await expect("create quote (publishable key)", 201, create());
  check(nearest.has_price_book || quote.total.typical_cents === typical_cents, "the quote keeps the estimate's total");
  const replay = await expect("retry create quote", 201, create());
  check(replay.id === quote.id, `the retry replays quote ${quote.id}, not a new one`);
  const { response } = await website.GET("/v1/quotes/{id}", { params: { path: { id: quote.id } } });
  check(response.status === 403, "a publishable key cannot read quotes");
}

async function partnerFlow(): Promise<void> {
  const centerId = (await nearestCenter()).id;
  const created = await expect("create quote (secret key)", 201,
    backOffice.POST("/v1/quotes", { body: { therapy, zip, center_id: centerId } }));
  const id = created.id;
  const quote = await expect("read quote", 200, backOffice.GET("/v1/quotes/{id}", { params: { path: { id } } }));
  check(quote.id === id && quote.status === "active", "the quote read back is the one created, active");
  check(isCents(quote.total.typical_cents) && quote.total.typical_cents === created.total.typical_cents, "total");
  const lines = quote.content.estimate.lines;
  check(lines.reduce((sum, l) => sum + l.typical_cents, 0) === quote.total.typical_cents, "content lines add up");
  check(quote.content.center?.id === centerId, "the quote names its center");

  const gfe = await expect("good faith estimate", 200, backOffice.POST("/v1/quotes/{id}/good-faith-estimate", {
    params: { path: { id } },
    body: { patient: { name: "Test Patient", date_of_birth: "1970-01-01" } },
  }));
  check(gfe.quote.id === id && isCents(gfe.total_expected_charges_cents), "the estimate is for the quote");
  const provider = gfe.providers.find((p) => p.provider_id === centerId);
  check(provider !== undefined && isCents(provider.expected_charges_cents), "the center is a provider");

  const billed = provider.expected_charges_cents + 50_000;
  const today = new Date().toISOString().slice(0, 10);
  const answer = await expect("reconcile", 200, backOffice.POST("/v1/quotes/{id}/reconcile", {
    params: { path: { id } },
    body: {
      good_faith_estimate_id: gfe.id,
      bills: [{ provider_id: centerId, billed_cents: billed, bill_date: today }],
    },
  }));
  const [bill] = answer.providers;
  check(answer.quote_id === id && answer.good_faith_estimate_id === gfe.id, "against the estimate issued");
  check(bill !== undefined && bill.provider_id === centerId, "the bill's answer");
  check(bill.expected_cents === provider.expected_charges_cents && bill.difference_cents === 50_000, "amounts");
  check(bill.dispute_eligible && answer.any_eligible, "$500 over, billed today: the patient may dispute");
}

await clinicFlow();
await partnerFlow();
console.log(`typescript flows: ${checks} checks passed`);
