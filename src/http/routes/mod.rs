//! HTTP routes. Each module only extracts, calls the domain, maps errors and serialises.
//!
//! The document says once, at its root, that an operation needs no API key; the routes that
//! take one say so (`security(("api_key" = []))`), so every operation states whether it does.
//! Each handler names the problem responses it can answer with [`crate::problems!`].

use utoipa_actix_web::service_config::ServiceConfig;

pub mod center_admin;
pub mod centers;
pub mod coverage;
pub mod estimates;
pub mod financing;
pub mod good_faith;
pub mod health;
pub mod jwks;
pub mod quotes;
pub mod therapies;
pub mod webhooks;
pub mod widget;

/// Registers every documented route; the server, the spec generator and the tests all use it.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(health::live)
        .service(health::ready)
        .service(therapies::list_therapies)
        .service(therapies::get_therapy)
        .service(estimates::create_estimate)
        .service(coverage::get_coverage)
        .service(centers::list_centers)
        .service(centers::get_center)
        .service(center_admin::create_center)
        .service(center_admin::edit_center)
        .service(center_admin::retire_center)
        .service(center_admin::publish_price_list)
        .service(center_admin::get_price_list)
        .service(center_admin::list_price_list_versions)
        .service(quotes::create_quote)
        .service(quotes::get_quote)
        .service(jwks::get_jwks)
        .service(good_faith::create_good_faith_estimate)
        .service(good_faith::reconcile_bill)
        .service(financing::get_financing_options)
        .service(financing::batch_financing_options)
        .service(webhooks::endpoints::create_webhook_endpoint)
        .service(webhooks::endpoints::list_webhook_endpoints)
        .service(webhooks::endpoints::get_webhook_endpoint)
        .service(webhooks::endpoints::update_webhook_endpoint)
        .service(webhooks::endpoints::delete_webhook_endpoint)
        .service(webhooks::endpoints::rotate_webhook_secret)
        .service(webhooks::deliveries::list_webhook_deliveries)
        .service(webhooks::deliveries::resend_webhook_delivery)
        .service(widget::get_widget)
        .service(widget::get_widget_file);
}
