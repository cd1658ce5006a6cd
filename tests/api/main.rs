//! Black-box API tests: the real app on a random port, called over HTTP.

mod centers;
mod cors;
mod coverage;
mod errors;
mod estimates;
mod financing;
mod health;
mod helpers;
mod openapi;
mod protection;
mod slow_clients;
mod therapies;
