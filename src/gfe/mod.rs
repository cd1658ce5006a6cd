//! Good Faith Estimates for uninsured and self-pay patients (No Surprises Act, 45 CFR 149.610)
//! and the check of a final bill against one (patient-provider dispute resolution, 45 CFR
//! 149.620). Pure: it reads a stored quote, the quoted center and the therapy's catalog entry,
//! and answers documents; the route layer does HTTP.
//!
//! As a route uses it:
//!
//! 1. `QuotedCare::from_quote(&stored_quote, now)` reads the quote's frozen estimate.
//! 2. `care.center_id()` names the center; look it up in today's directory (it may have gained
//!    an NPI, TIN or address since the quote).
//! 3. `good_faith_estimate(&care, center, therapy_entry, &request, Today::at(now), now)`; store
//!    `IssuedEstimate::from(&document)` (its id and each provider's expected charges, nothing
//!    about the patient); then `negotiate(accept)` and, for HTML, `render_html(&document)`.
//! 4. To check a bill: read the `IssuedEstimate` the request names back from storage, and
//!    `reconcile(&issued, quote.created_at, &request, Today::at(now))`.
//!
//! The patient's name and date of birth are written into the document and go nowhere else:
//! every type holding them (or a diagnosis) prints `<redacted>` in `Debug`.

mod build;
mod care;
mod codes;
pub mod document;
mod error;
pub mod fhir;
mod html;
pub mod issued;
mod media;
mod patient;
pub mod reconcile;
pub mod regulation;
mod request;

pub use crate::calendar::Today;
pub use build::good_faith_estimate;
pub use care::QuotedCare;
pub use codes::{CodeError, Icd10Code, ServiceCode};
pub use document::GoodFaithEstimate;
pub use error::GfeError;
pub use html::{escape, long_date, render_html};
pub use issued::{EstimateId, IssuedEstimate};
pub use media::{DocumentFormat, negotiate};
pub use patient::{InvalidName, Patient, PatientName};
pub use reconcile::{ReconcileRequest, Reconciliation, reconcile};
pub use request::{GoodFaithEstimateRequest, LineCodes, MAX_DIAGNOSIS_CODES};
