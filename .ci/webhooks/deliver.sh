#!/usr/bin/env bash
# Webhooks really delivered: starts the release binary (loopback receivers allowed) and a Python
# receiver that verifies each request with the reference implementation of Standard Webhooks
# (`standardwebhooks`, pinned in .ci/run, installed in .ci/webhooks/venv), registers an endpoint,
# stores a quote, and waits for its quote.created webhook: it must verify with the secret the
# registration answered, and the same request with a changed body must be refused. Both
# processes are stopped on every exit path.
#
#   .ci/webhooks/deliver.sh
#   REGENQUOTE_BIN=target/debug/regenquote .ci/webhooks/deliver.sh
set -euo pipefail
cd "$(dirname "$0")/../.."

PYTHON=.ci/webhooks/venv/bin/python
BIN=${REGENQUOTE_BIN:-}
if [[ -z "$BIN" ]]; then
    cargo build --release --locked --quiet
    BIN="${CARGO_TARGET_DIR:-target}/release/regenquote"
fi

SCRATCH=$(mktemp -d)
PIDS=()
stop() {
    for pid in "${PIDS[@]}"; do
        kill -TERM "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    rm -rf "$SCRATCH"
}
trap stop EXIT
trap 'exit 130' INT TERM

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# The shipped configuration plus one secret key, made fresh for this run.
mkdir "$SCRATCH/config"
cp config/*.toml "$SCRATCH/config/"
cat >>"$SCRATCH/config/local.toml" <<'TOML'

[[auth.keys]]
id = "webhooks-ci"
label = "CI webhook delivery"
kind = "secret"
account = "ci-lender"
secret_env = "REGENQUOTE_CI_SECRET_KEY"
TOML
REGENQUOTE_CI_SECRET_KEY="rq_sk_webhooks-ci_$(python3 -c 'import secrets; print(secrets.token_hex(32))')"
export REGENQUOTE_CI_SECRET_KEY

RECEIVER_PORT=$(free_port)
: >"$SCRATCH/secret"
"$PYTHON" .ci/webhooks/receiver.py "$RECEIVER_PORT" "$SCRATCH/results.jsonl" "$SCRATCH/secret" &
PIDS+=($!)

PORT=$(free_port)
BASE="http://127.0.0.1:$PORT"
APP_CONFIG_DIR="$SCRATCH/config" \
APP_ENVIRONMENT=local \
APP__SERVER__PORT="$PORT" \
APP__METRICS__PORT=0 \
APP__DATABASE__URL="sqlite://$SCRATCH/regenquote.sqlite" \
APP__WEBHOOKS__ALLOWED_INSECURE_HOSTS=127.0.0.1 \
APP__WEBHOOKS__POLL_INTERVAL_MS=100 \
APP__TELEMETRY__FORMAT=json \
APP__TELEMETRY__LEVEL=warn \
    "$BIN" >"$SCRATCH/server.log" 2>&1 &
PIDS+=($!)

for _ in $(seq 1 100); do
    curl --silent --fail --max-time 1 "$BASE/health/ready" >/dev/null && break
    sleep 0.1
done

api() {
    curl --silent --show-error --fail-with-body --max-time 10 \
        -H "authorization: Bearer $REGENQUOTE_CI_SECRET_KEY" -H 'content-type: application/json' "$@"
}
field() { python3 -c "import json, sys; print(json.load(sys.stdin)['$1'])"; }

api -X POST "$BASE/v1/webhook-endpoints" \
    -d "{\"url\": \"http://127.0.0.1:$RECEIVER_PORT/hooks\", \"events\": [\"quote.created\"]}" \
    | field secret >"$SCRATCH/secret"
QUOTE=$(api -X POST "$BASE/v1/quotes" \
    -d '{"therapy": "knee_msc_injection", "joints": 1, "sessions": 1, "zip": "76102"}' | field id)

for _ in $(seq 1 100); do
    grep -q "$QUOTE" "$SCRATCH/results.jsonl" 2>/dev/null && break
    sleep 0.1
done
"$PYTHON" - "$SCRATCH/results.jsonl" "$QUOTE" <<'PY'
import json, sys
results = [json.loads(line) for line in open(sys.argv[1])]
mine = [r for r in results if r.get("quote_id") == sys.argv[2]]
if len(mine) != 1:
    raise SystemExit(f"expected one verified webhook for {sys.argv[2]}, got {results}")
r = mine[0]
if not (r["verified"] and r["type"] == "quote.created" and r["tampered_refused"]):
    raise SystemExit(f"webhook not as expected: {r}")
print(f"standardwebhooks: {r['webhook-id']} for {sys.argv[2]} verified; a tampered body was refused")
PY
