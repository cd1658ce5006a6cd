//! Black-box API tests: the real app on a random port, called over HTTP.

mod browser;
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
mod quotes;
mod slow_clients;
mod therapies;
mod widget;
