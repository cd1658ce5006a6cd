//! `GET /v1/financing/options` and its batch form: monthly payments for an amount.

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use crate::financing::{self, FinancingOptions};
use crate::http::error::{ApiError, FieldError};
use crate::http::extract::{ApiJson, ApiQuery};
use crate::http::language::language_of;
use crate::http::state::AppState;
use crate::money::Cents;
use crate::problems;

problems!(FinancingProblems: ValidationFailed);

/// The amount to finance.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AmountQuery {
    /// Amount in cents, from 1 to 100000000 ($1,000,000.00).
    #[param(value_type = i64, minimum = 1, maximum = 100_000_000, example = 1_224_745)]
    amount_cents: Option<String>,
}

/// Parses a client-supplied amount, naming `field` and the accepted range on failure.
fn parse_amount(
    raw: Option<&str>,
    field: &str,
    error: fn(String, String) -> FieldError,
) -> Result<Cents, ApiError> {
    let range = "an integer number of cents from 1 to 100000000";
    let raw = raw
        .ok_or_else(|| ApiError::field(error(field.to_owned(), format!("is required: {range}"))))?;
    let value: i128 = raw
        .trim()
        .parse()
        .map_err(|_| ApiError::field(error(field.to_owned(), format!("`{raw}` is not {range}"))))?;
    u64::try_from(value)
        .ok()
        .and_then(|v| financing::financed_amount(v).ok())
        .ok_or_else(|| {
            ApiError::field(error(
                field.to_owned(),
                format!("{value} is out of range: {range}"),
            ))
        })
}

/// Financing options for one amount.
///
/// Every configured plan applied to the amount: an offer with its monthly payment, APR, number of
/// payments, total of payments and Truth-in-Lending disclosure, or the reason it is not available;
/// and the lowest monthly payment as an "as low as" line. The shipped plans are examples the
/// operator replaces with real lender terms.
#[utoipa::path(
    tag = "financing",
    params(AmountQuery, ("Accept-Language" = Option<String>, Header, nullable = false, description = "The reader's languages (RFC 9110): any `es` range (`es`, `es-US`, `es-MX`, …) gives Spanish text, otherwise English; quality values count and `q=0` refuses a language. An unknown or malformed value gives English, never an error.", example = "es-MX,es;q=0.9,en;q=0.5")),
    responses(
        (status = 200, description = "Every plan for the amount", body = FinancingOptions),
        FinancingProblems,
    )
)]
#[get("/v1/financing/options")]
pub async fn get_financing_options(
    state: web::Data<AppState>,
    req: HttpRequest,
    query: ApiQuery<AmountQuery>,
) -> Result<HttpResponse, ApiError> {
    let amount = parse_amount(
        query.amount_cents.as_deref(),
        "amount_cents",
        FieldError::query,
    )?;
    let lang = language_of(&req);
    Ok(HttpResponse::Ok().json(state.quoting.financing_options_in(amount, lang)))
}

/// Several amounts at once.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"amounts_cents": [500000, 1224745, 3000000]}))]
pub struct AmountsRequest {
    /// From 1 to 20 amounts, each in cents from 1 to 100000000.
    #[schema(schema_with = amounts_cents_schema)]
    amounts_cents: Vec<i64>,
}

/// `amounts_cents` as the handler checks it: the bounds apply to each item as well as the count.
fn amounts_cents_schema() -> utoipa::openapi::schema::Array {
    use utoipa::openapi::schema::{ArrayBuilder, KnownFormat, ObjectBuilder, SchemaFormat, Type};
    let amount = ObjectBuilder::new()
        .schema_type(Type::Integer)
        .format(Some(SchemaFormat::KnownFormat(KnownFormat::Int64)))
        .minimum(Some(1))
        .maximum(Some(100_000_000));
    ArrayBuilder::new()
        .items(amount)
        .min_items(Some(1))
        .max_items(Some(20))
        .description(Some(
            "From 1 to 20 amounts, each in cents from 1 to 100000000.",
        ))
        .build()
}

/// Financing options for each amount, in request order.
#[derive(Debug, serde::Serialize, ToSchema)]
pub struct FinancingOptionsBatch {
    /// One entry per requested amount.
    pub results: Vec<FinancingOptions>,
}

/// Financing options for several amounts.
///
/// The batch form of `GET /v1/financing/options`, for a page that shows a monthly line beside
/// several prices (e.g. the low, typical and high estimate).
#[utoipa::path(
    tag = "financing",
    request_body = AmountsRequest,
    params(("Accept-Language" = Option<String>, Header, nullable = false, description = "The reader's languages (RFC 9110): any `es` range (`es`, `es-US`, `es-MX`, …) gives Spanish text, otherwise English; quality values count and `q=0` refuses a language. An unknown or malformed value gives English, never an error.", example = "es-MX,es;q=0.9,en;q=0.5")),
    responses(
        (status = 200, description = "Options per amount, in request order", body = FinancingOptionsBatch),
        FinancingProblems,
    )
)]
#[post("/v1/financing/options")]
pub async fn batch_financing_options(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: ApiJson<AmountsRequest>,
) -> Result<HttpResponse, ApiError> {
    let lang = language_of(&req);
    let amounts = &body.amounts_cents;
    if amounts.is_empty() || amounts.len() > 20 {
        return Err(ApiError::field(FieldError::body(
            "/amounts_cents",
            "must hold from 1 to 20 amounts",
        )));
    }
    let results = amounts
        .iter()
        .enumerate()
        .map(|(i, &a)| {
            let raw = a.to_string();
            parse_amount(Some(&raw), &format!("/amounts_cents/{i}"), |p, d| {
                FieldError::body(p, d)
            })
            .map(|amount| state.quoting.financing_options_in(amount, lang))
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(HttpResponse::Ok().json(FinancingOptionsBatch { results }))
}
