# syntax=docker/dockerfile:1
# Multi-stage build: dependencies are cached by cargo-chef, the runtime image is slim and non-root.

FROM rust:1.95-slim-bookworm AS chef
# Pinned, so a rebuild of this file gets the same tool.
RUN cargo install cargo-chef --version 0.1.78 --locked
WORKDIR /app

FROM chef AS planner
COPY . .
RUN cargo chef prepare --recipe-path recipe.json

FROM chef AS builder
COPY --from=planner /app/recipe.json recipe.json
RUN cargo chef cook --release --locked --recipe-path recipe.json
COPY . .
RUN cargo build --release --locked --bin regenquote

FROM debian:bookworm-slim AS runtime
LABEL org.opencontainers.image.title="regenquote" \
      org.opencontainers.image.description="Prices regenerative-medicine procedures for self-pay patients." \
      org.opencontainers.image.licenses="MIT OR Apache-2.0"
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /var/lib/regenquote --create-home regenquote
WORKDIR /app
COPY --from=builder /app/target/release/regenquote /usr/local/bin/regenquote
COPY config config
ENV APP_ENVIRONMENT=production
USER regenquote
EXPOSE 8080
VOLUME ["/var/lib/regenquote"]
HEALTHCHECK --interval=10s --timeout=3s --start-period=5s --retries=3 \
  CMD curl -fsS http://127.0.0.1:8080/health/ready || exit 1
ENTRYPOINT ["/usr/local/bin/regenquote"]
