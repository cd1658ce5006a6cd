//! Black-box API tests: the real app on a random port, called over HTTP.

mod browser;
mod centers;
mod cors;
mod coverage;
mod durability;
mod errors;
mod estimates;
mod financing;
mod good_faith;
mod good_faith_fhir;
mod health;
mod helpers;
mod import_nppes;
mod input_bounds;
mod mint_key;
mod openapi;
mod parser_refusals;
mod privacy;
mod process;
mod protection;
mod quotes;
mod reconcile;
mod signing;
mod slow_clients;
mod therapies;
mod widget;
