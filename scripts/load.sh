#!/usr/bin/env bash
# Load and shutdown checks of the service, on loopback with wrk. Two parts:
#
# 1. Sustained load: LOAD_DURATION (60s) at LOAD_CONNECTIONS (256) on POST /v1/estimates and,
#    when the service has it, POST /v1/quotes (SQLite, every request a new Idempotency-Key).
#    Reports throughput, latency, socket errors and non-2xx answers; then reads back every
#    quote the client was acknowledged (each 201's Location) and counts how many answer 200.
#    Then the same on the realistic workloads of scripts/bench.sh (estimates, center searches
#    and quotes, each request a random ZIP and option mix) and on a flood of bearer tokens with
#    invented key ids, with the server's resident memory after each.
#
# 2. SIGTERM under load: starts the same load (quotes if present, else estimates), sends
#    SIGTERM to the server after SIGTERM_AFTER seconds, and compares the server's own request
#    log with what wrk received:
#      - every request the server started must have been answered, and received by the client:
#        requests logged by the server (with their status) == responses counted by wrk;
#      - wrk "read" errors are requests wrk had written on a keep-alive connection that the
#        server closed without starting them (at most one per connection): on SIGTERM the
#        server finishes the request in progress on each connection, starts no queued one, and
#        closes the connection; a client retries those (with the same Idempotency-Key for
#        quotes);
#      - wrk "write"/"connect" errors are reconnects refused once the listener has closed
#        (wrk connects without blocking, so a refusal mostly shows up as a write error);
#      - new connections tried while the server drains are probed and reported;
#      - quotes acknowledged before and during the shutdown are read back after a restart.
#
# Rate limits are raised so that the limiter does not shape the load. Servers are stopped on
# exit. Settings (environment): LOAD_DURATION (60s), LOAD_CONNECTIONS (256), LOAD_THREADS
# (wrk threads, 1), LOAD_WORKERS (server workers, 2), SIGTERM_AFTER (5, seconds),
# SHUTDOWN_TIMEOUT (10, seconds), QUOTE_BODY (overrides the OpenAPI example).
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "$0")/lib.sh"

DURATION=${LOAD_DURATION:-60s}
CONNECTIONS=${LOAD_CONNECTIONS:-256}
THREADS=${LOAD_THREADS:-1}
WORKERS=${LOAD_WORKERS:-2}
TERM_AFTER=${SIGTERM_AFTER:-5}
SHUTDOWN_TIMEOUT=${SHUTDOWN_TIMEOUT:-10}

need wrk curl jq ss awk sqlite3
WORK=$(mktemp -d "${TMPDIR:-/tmp}/regenquote-load.XXXXXX")
WRK_PID=
cleanup() {
  [ -z "$WRK_PID" ] || kill "$WRK_PID" 2> /dev/null || true
  stop_servers
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

build_release
copy_config "$WORK/config"
QUOTES=no
if has_quotes_route; then
  QUOTE_BODY=${QUOTE_BODY:-$(quote_example_body || true)}
  if [ -n "$QUOTE_BODY" ]; then
    QUOTES=yes
    add_bench_key "$WORK/config"
  else
    echo "note: POST /v1/quotes has no request example in the OpenAPI document; set QUOTE_BODY" >&2
  fi
else
  echo "note: this build has no POST /v1/quotes; quotes are skipped" >&2
fi
export QUOTE_TOKEN="${QUOTE_TOKEN:-}" QUOTE_BODY="${QUOTE_BODY:-}"
LUA=$ROOT/scripts/wrk

# start_service DB LOG_LEVEL: starts the service on a new port; sets SERVICE_PID and SERVICE.
start_service() {
  local port
  port=$(free_port)
  start_server "$WORK/service-$port.log" env \
    APP_CONFIG_DIR="$WORK/config" \
    APP_ENVIRONMENT=local \
    APP__SERVER__PORT="$port" \
    APP__METRICS__PORT=0 \
    APP__SERVER__WORKERS="$WORKERS" \
    APP__SERVER__SHUTDOWN_TIMEOUT_SECS="$SHUTDOWN_TIMEOUT" \
    APP__DATABASE__URL="sqlite://$1" \
    APP__RATE_LIMIT__PER_SECOND=1000000000 \
    APP__RATE_LIMIT__BURST=1000000000 \
    APP__TELEMETRY__LEVEL="$2" \
    APP__TELEMETRY__FORMAT=json \
    "$BIN/regenquote"
  SERVICE_PID=$LAST_PID
  SERVICE_LOG=$WORK/service-$port.log
  SERVICE=http://127.0.0.1:$port
  wait_for "$SERVICE/health/ready" 60 || { cat "$SERVICE_LOG" >&2; exit 1; }
}

# summary NAME FILE: one line from a wrk output.
summary() {
  printf '%-9s %8s requests %7s/s  p50 %6s ms  p99 %7s ms  non-2xx %s  socket errors: %s\n' \
    "$1" "$(wrk_requests "$2")" "$(wrk_rps "$2")" "$(wrk_percentile "$2" 50)" \
    "$(wrk_percentile "$2" 99)" "$(wrk_non2xx "$2")" "$(wrk_socket_errors "$2")"
}

# read_back BASE DIR: GETs every Location recorded under DIR over one keep-alive connection
# and prints "<answered 200> of <acknowledged>" with the other statuses.
read_back() {
  local base=$1 dir=$2 config=$WORK/readback.curlrc acknowledged
  acknowledged=$(cat "$dir"/locations-*.txt 2> /dev/null | wc -l)
  if [ "$acknowledged" -eq 0 ]; then
    echo "0 of 0"
    return
  fi
  {
    echo "header = \"Authorization: Bearer $QUOTE_TOKEN\""
    cat "$dir"/locations-*.txt | awk -v base="$base" '{
      url = ($0 ~ /^https?:/) ? $0 : base $0
      print "url = \"" url "\""
      print "output = \"/dev/null\""
    }'
  } > "$config"
  curl -s -K "$config" -w '%{http_code}\n' > "$WORK/readback.codes" || true
  awk -v n="$acknowledged" '{ c[$1]++ } END {
    printf "%d of %d", c["200"] + 0, n
    for (s in c) if (s != "200") printf ", %s: %d", s, c[s]
    printf "\n"
  }' "$WORK/readback.codes"
}

echo "== part 1: sustained load, wrk -t$THREADS -c$CONNECTIONS -d$DURATION; server workers: $WORKERS; $(nproc) cores; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
start_service "$WORK/load.sqlite" warn
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$LUA/estimate.lua" \
  "$SERVICE/v1/estimates" > "$WORK/estimates.txt"
summary estimates "$WORK/estimates.txt"
if [ "$QUOTES" = yes ]; then
  mkdir -p "$WORK/acknowledged"
  QUOTE_RUN=load-$$ QUOTE_IDS_DIR=$WORK/acknowledged \
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$LUA/quote.lua" \
    "$SERVICE/v1/quotes" > "$WORK/quotes.txt"
  summary quotes "$WORK/quotes.txt"
  echo "quotes stored in SQLite: $(sqlite3 "$WORK/load.sqlite" 'select count(*) from quotes')" \
    "(wrk abandons the requests in flight when its time is up: those are stored, not acknowledged)"
  echo "acknowledged quotes readable by GET: $(read_back "$SERVICE" "$WORK/acknowledged")"
fi
# Realistic workloads (patients do not repeat each other), then a flood of invented key ids,
# with the server's resident memory after each: it must stay bounded.
prepare_mix "$WORK" "$SERVICE"
echo "service memory before the realistic workloads: $(rss_mb "$SERVICE_PID") MB"
REALISTIC=(
  "est-mix|$SERVICE/v1/estimates|$LUA/estimate-mix.lua"
  "ctr-mix|$SERVICE/v1/centers|$LUA/centers-mix.lua"
)
[ "$QUOTES" = yes ] && REALISTIC+=("quote-mix|$SERVICE/v1/quotes|$LUA/quote-mix.lua")
REALISTIC+=("inv-keys|$SERVICE/health/live|$LUA/invented-keys.lua")
for target in "${REALISTIC[@]}"; do
  IFS='|' read -r name url script <<< "$target"
  QUOTE_RUN=$name-$$ wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$script" \
    "$url" > "$WORK/$name.txt"
  summary "$name" "$WORK/$name.txt"
  echo "          service memory after it: $(rss_mb "$SERVICE_PID") MB"
done
stop_servers

TERM_TARGET=estimates
[ "$QUOTES" = yes ] && TERM_TARGET=quotes
RUN_FOR=$((TERM_AFTER + SHUTDOWN_TIMEOUT + 5))
echo
echo "== part 2: SIGTERM after ${TERM_AFTER}s of load on $TERM_TARGET (wrk -t$THREADS -c$CONNECTIONS -d${RUN_FOR}s; shutdown timeout ${SHUTDOWN_TIMEOUT}s)"
# Request logs at info: the server's own account of every request it started.
start_service "$WORK/term.sqlite" info
mkdir -p "$WORK/term-acknowledged"
if [ "$TERM_TARGET" = quotes ]; then
  QUOTE_RUN=term-$$ QUOTE_IDS_DIR=$WORK/term-acknowledged \
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"${RUN_FOR}s" -s "$LUA/quote.lua" \
    "$SERVICE/v1/quotes" > "$WORK/term.txt" &
else
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${RUN_FOR}s" -s "$LUA/estimate.lua" \
    "$SERVICE/v1/estimates" > "$WORK/term.txt" &
fi
WRK_PID=$!
sleep "$TERM_AFTER"
term_sent=$(date +%s.%N)
kill -TERM "$SERVICE_PID"
# Probe with new connections while the server drains: refused (curl exit 7), answered, or
# timed out (accepted by the kernel but never served).
probes_refused=0 probes_answered=0 probes_timed_out=0
while running "$SERVICE_PID"; do
  code=0
  curl -s -o /dev/null --max-time 0.5 "$SERVICE/health/live" || code=$?
  case $code in
    0) probes_answered=$((probes_answered + 1)) ;;
    7) probes_refused=$((probes_refused + 1)) ;;
    *) probes_timed_out=$((probes_timed_out + 1)) ;;
  esac
  sleep 0.1
done
exit_code=0
wait "$SERVICE_PID" || exit_code=$?
stopped=$(date +%s.%N)
forget_server "$SERVICE_PID"
wait "$WRK_PID" || true
WRK_PID=

# The server's request log: one "close" line per request it started, with the status once it
# answered.
# Only the loaded route counts: the readiness check and the probes are requests too.
jq -R -r --arg route "/v1/$TERM_TARGET" 'fromjson?
    | select(.span.name == "request" and .fields.message == "close" and .span.route == $route)
    | (.span.status // "none") | tostring' "$SERVICE_LOG" | sort | uniq -c \
  > "$WORK/term.statuses"
server_started=$(awk '{ s += $1 } END { print s + 0 }' "$WORK/term.statuses")
server_2xx=$(awk '$2 ~ /^2/ { s += $1 } END { print s + 0 }' "$WORK/term.statuses")
server_unanswered=$(awk '$2 == "none" { s += $1 } END { print s + 0 }' "$WORK/term.statuses")
client_received=$(wrk_requests "$WORK/term.txt")

awk -v a="$term_sent" -v b="$stopped" -v c="$exit_code" \
  'BEGIN { printf "server stopped %.1f s after SIGTERM, exit status %d\n", b - a, c }'
echo "server log: $server_started requests started, $server_2xx answered 2xx, $server_unanswered never answered;" \
  "statuses: $(awk '{ printf "%s%s x%s", (NR > 1 ? ", " : ""), $2, $1 }' "$WORK/term.statuses")"
echo "client (wrk): $client_received responses received, non-2xx $(wrk_non2xx "$WORK/term.txt"), socket errors: $(wrk_socket_errors "$WORK/term.txt")"
echo "new connections tried while draining: $probes_refused refused, $probes_answered answered, $probes_timed_out timed out"
if [ "$server_started" -eq "$client_received" ] && [ "$server_unanswered" -eq 0 ]; then
  echo "in-flight requests: none failed (every request the server started was answered and received)"
else
  echo "in-flight requests: MISMATCH (server started $server_started, client received $client_received, $server_unanswered unanswered)"
fi
if [ "$TERM_TARGET" = quotes ]; then
  start_service "$WORK/term.sqlite" warn
  echo "quotes acknowledged around the SIGTERM, read back after a restart: $(read_back "$SERVICE" "$WORK/term-acknowledged")"
  echo "quotes stored: $(sqlite3 "$WORK/term.sqlite" 'select count(*) from quotes')"
fi
