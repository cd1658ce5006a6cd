//! HTTP routes. Each module only extracts, calls the domain, maps errors and serialises.

use utoipa_actix_web::service_config::ServiceConfig;

pub mod coverage;
pub mod financing;
pub mod health;

/// Registers every documented route; the server, the spec generator and the tests all use it.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(health::live)
        .service(health::ready)
        .service(coverage::get_coverage)
        .service(financing::get_financing_options)
        .service(financing::batch_financing_options);
}
