#!/usr/bin/env bash
# Measures the service's HTTP throughput and latency against a bare actix-web handler, side by
# side in one run, on loopback with wrk:
#
#   bare     POST /v1/estimates on examples/bare_json (no middleware, no logic): the baseline
#   estimate POST /v1/estimates
#   centers  GET /v1/centers?zip=76102&limit=20 over a synthetic directory of 100,000 centers
#   estimate-fresh, centers-fresh
#            the same on a second instance with its answer caches off: every answer worked out
#            afresh (the benchmark repeats one request, which the cached instance remembers)
#   quotes   POST /v1/quotes stored in SQLite (WAL, synchronous=FULL), each with a new
#            Idempotency-Key; skipped when the service has no such route
#
# and realistic workloads, where patients do not repeat each other (BENCH_REALISTIC=0 skips them):
#
#   bare-mix      the bare handler, each request a random ZIP and option mix: the baseline of
#                 the -mix rows
#   estimate-mix  POST /v1/estimates, each request a random ZIP (of 42,000) and option mix (every
#                 mix of every priced therapy that the service prices)
#   centers-mix   GET /v1/centers from a random ZIP with a random radius (10 to 250 miles) and
#                 page size, a quarter with a therapy filter and a quarter with a kind filter
#   quotes-mix    POST /v1/quotes with those bodies, each with its own Idempotency-Key
#
# and prints requests/s, p50, p99 and the ratio to the baseline, plus the service's resident
# memory once started with the 100k directory. Servers are stopped on exit.
#
# Settings (environment): BENCH_THREADS (wrk threads, 1), BENCH_CONNECTIONS (64),
# BENCH_DURATION (10s), BENCH_WARMUP (2s), BENCH_ROUNDS (3), BENCH_WORKERS (server workers, 1),
# BENCH_CENTERS (100000), BENCH_FRESH (1; 0 skips the rows with caches off), BENCH_REALISTIC
# (1; 0 skips the realistic rows), BENCH_KEEP (a
# directory to copy the raw wrk output to), QUOTE_BODY (overrides the OpenAPI example used for
# quotes).
# On a 2-core machine wrk and the server share the cores: the defaults give each one core.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "$0")/lib.sh"

THREADS=${BENCH_THREADS:-1}
CONNECTIONS=${BENCH_CONNECTIONS:-64}
DURATION=${BENCH_DURATION:-10s}
WARMUP=${BENCH_WARMUP:-2s}
WORKERS=${BENCH_WORKERS:-1}
CENTERS=${BENCH_CENTERS:-100000}
ROUNDS=${BENCH_ROUNDS:-3}

need wrk curl jq ss awk
WORK=$(mktemp -d "${TMPDIR:-/tmp}/regenquote-bench.XXXXXX")
cleanup() {
  stop_servers
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

build_release
"$BIN/examples/synth_directory" "$WORK/centers.json" "$CENTERS" > /dev/null \
  || die "cannot write the synthetic directory"
# The examples live under examples/ in the target directory.
[ -x "$BIN/examples/bare_json" ] || die "missing $BIN/examples/bare_json"

copy_config "$WORK/config"
QUOTES=no
if has_quotes_route; then
  if [ -z "${QUOTE_BODY:-}" ]; then
    QUOTE_BODY=$(quote_example_body || true)
    # The synthetic directory has none of the shipped centers: quote at the first of its own
    # that offers the example's therapy.
    if [ -n "$QUOTE_BODY" ] && jq -e 'has("center_id")' <<< "$QUOTE_BODY" > /dev/null; then
      center=$(jq -r --arg t "$(jq -r .therapy <<< "$QUOTE_BODY")" \
        'first(.centers[] | select(.therapies | index($t)) | .id) // empty' "$WORK/centers.json")
      QUOTE_BODY=$(jq -c --arg c "$center" 'if $c == "" then del(.center_id) else .center_id = $c end' <<< "$QUOTE_BODY")
    fi
  fi
  if [ -n "$QUOTE_BODY" ]; then
    QUOTES=yes
    add_bench_key "$WORK/config"
  else
    echo "note: POST /v1/quotes has no request example in the OpenAPI document; set QUOTE_BODY" >&2
  fi
else
  echo "note: this build has no POST /v1/quotes; the quotes row is skipped" >&2
fi

BARE_PORT=$(free_port)
start_server "$WORK/bare.log" "$BIN/examples/bare_json" "$BARE_PORT" "$WORKERS"
BARE_PID=$LAST_PID

# bench_service LOG PORT DB [ENV=VALUE...]: starts the service with the 100k directory, rate
# limits out of the way and logs at warn, plus the given settings; sets LAST_PID.
bench_service() {
  local log=$1 port=$2 db=$3
  shift 3
  start_server "$log" env \
    APP_CONFIG_DIR="$WORK/config" \
    APP_ENVIRONMENT=local \
    APP__SERVER__PORT="$port" \
    APP__METRICS__PORT=0 \
    APP__SERVER__WORKERS="$WORKERS" \
    APP__DATABASE__URL="sqlite://$db" \
    APP__DATA__CENTERS="$WORK/centers.json" \
    APP__RATE_LIMIT__PER_SECOND=1000000000 \
    APP__RATE_LIMIT__BURST=1000000000 \
    APP__TELEMETRY__LEVEL=warn \
    RUST_LOG=warn \
    "$@" \
    "$BIN/regenquote"
}

SERVICE_PORT=$(free_port)
started=$(date +%s.%N)
bench_service "$WORK/service.log" "$SERVICE_PORT" "$WORK/bench.sqlite"
SERVICE_PID=$LAST_PID

# The same service with its answer caches off, to show what an answer costs when it is worked
# out afresh (BENCH_FRESH=0 skips it).
FRESH=${BENCH_FRESH:-1}
if [ "$FRESH" = 1 ]; then
  FRESH_PORT=$(free_port)
  bench_service "$WORK/fresh.log" "$FRESH_PORT" "$WORK/fresh.sqlite" \
    APP__ANSWER_CACHE__ESTIMATES_BYTES=0 APP__ANSWER_CACHE__CENTERS_BYTES=0
  FRESH_PID=$LAST_PID
fi

BARE=http://127.0.0.1:$BARE_PORT
SERVICE=http://127.0.0.1:$SERVICE_PORT
wait_for "$SERVICE/health/ready" 120 || { cat "$WORK/service.log" >&2; exit 1; }
ready=$(date +%s.%N)
if [ "$FRESH" = 1 ]; then
  FRESH_URL=http://127.0.0.1:$FRESH_PORT
  wait_for "$FRESH_URL/health/ready" 120 || { cat "$WORK/fresh.log" >&2; exit 1; }
fi
# Bare handler: any answer means it is up (GET answers 404).
until curl -s -o /dev/null "$BARE/"; do sleep 0.1; done
sleep 1
IDLE_RSS=$(rss_mb "$SERVICE_PID")
START_HWM=$(rss_mb "$SERVICE_PID" VmHWM)
MIX=${BENCH_REALISTIC:-1}
# Worked out on the instance with caches off, if any, so that the first one starts cold.
[ "$MIX" = 1 ] && prepare_mix "$WORK" "${FRESH_URL:-$SERVICE}"

LUA=$ROOT/scripts/wrk
# name|server pid|url|lua script ("" for GET)
TARGETS=(
  "bare|$BARE_PID|$BARE/v1/estimates|$LUA/estimate.lua"
  "estimate|$SERVICE_PID|$SERVICE/v1/estimates|$LUA/estimate.lua"
  "centers|$SERVICE_PID|$SERVICE/v1/centers?zip=76102&limit=20|"
)
[ "$FRESH" = 1 ] && TARGETS+=(
  "estimate-fresh|$FRESH_PID|$FRESH_URL/v1/estimates|$LUA/estimate.lua"
  "centers-fresh|$FRESH_PID|$FRESH_URL/v1/centers?zip=76102&limit=20|"
)
[ "$QUOTES" = yes ] && TARGETS+=("quotes|$SERVICE_PID|$SERVICE/v1/quotes|$LUA/quote.lua")
[ "$MIX" = 1 ] && TARGETS+=(
  "bare-mix|$BARE_PID|$BARE/v1/estimates|$LUA/estimate-mix.lua"
  "estimate-mix|$SERVICE_PID|$SERVICE/v1/estimates|$LUA/estimate-mix.lua"
  "centers-mix|$SERVICE_PID|$SERVICE/v1/centers|$LUA/centers-mix.lua"
)
[ "$MIX" = 1 ] && [ "$QUOTES" = yes ] && TARGETS+=("quotes-mix|$SERVICE_PID|$SERVICE/v1/quotes|$LUA/quote-mix.lua")
export QUOTE_TOKEN="${QUOTE_TOKEN:-}" QUOTE_BODY="${QUOTE_BODY:-}"

run_wrk() { # name url script duration output
  local script_args=()
  [ -n "$3" ] && script_args=(-s "$3")
  QUOTE_RUN="$1-$4-$$-$RANDOM" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$4" --latency "${script_args[@]}" "$2" > "$5"
}

echo "== wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency, $ROUNDS round(s), a $WARMUP warm-up before each run; server workers: $WORKERS; $(nproc) cores; load average: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
# Rounds interleave the endpoints so that a burst of other work on the machine hits them all
# alike; each endpoint's best round is reported. The server's CPU time per request (user +
# system, all its threads) is much less sensitive to such noise than requests/s.
for round in $(seq 1 "$ROUNDS"); do
  for target in "${TARGETS[@]}"; do
    IFS='|' read -r name pid url script <<< "$target"
    echo "-- round $round: $name: $url" >&2
    run_wrk "$name" "$url" "$script" "$WARMUP" "$WORK/$name.warmup.txt"
    before=$(cpu_ticks "$pid")
    run_wrk "$name" "$url" "$script" "$DURATION" "$WORK/$name.$round.txt"
    after=$(cpu_ticks "$pid")
    echo $((after - before)) > "$WORK/$name.$round.ticks"
  done
done
LOADED_RSS=$(rss_mb "$SERVICE_PID")

# best_round NAME: the round with the most requests/s.
best_round() {
  local round best=1 best_rps=-1 rps
  for round in $(seq 1 "$ROUNDS"); do
    rps=$(wrk_rps "$WORK/$1.$round.txt")
    if [ "${rps:-0}" -gt "$best_rps" ]; then
      best=$round best_rps=$rps
    fi
  done
  echo "$best"
}

echo
printf '%-15s %11s %8s %8s %8s %12s %8s %9s\n' endpoint "requests/s" "p50 ms" "p99 ms" "vs bare" "cpu us/req" "non-2xx" "sock err"
base=$(wrk_rps "$WORK/bare.$(best_round bare).txt")
[ "$MIX" = 1 ] && base_mix=$(wrk_rps "$WORK/bare-mix.$(best_round bare-mix).txt")
for target in "${TARGETS[@]}"; do
  IFS='|' read -r name _ _ _ <<< "$target"
  round=$(best_round "$name")
  out=$WORK/$name.$round.txt
  rps=$(wrk_rps "$out")
  # The realistic rows are measured against the bare handler under the same random bodies.
  base_of_row=$base
  case $name in *-mix) base_of_row=$base_mix ;; esac
  ratio=$(awk -v a="$rps" -v b="$base_of_row" 'BEGIN { printf "%.2fx", (b > 0 ? a / b : 0) }')
  cpu=$(awk -v t="$(cat "$WORK/$name.$round.ticks")" -v hz="$(getconf CLK_TCK)" -v n="$(wrk_requests "$out")" \
    'BEGIN { printf "%.1f", (n > 0 ? t * 1e6 / hz / n : 0) }')
  printf '%-15s %11s %8s %8s %8s %12s %8s %9s\n' "$name" "$rps" \
    "$(wrk_percentile "$out" 50)" "$(wrk_percentile "$out" 99)" "$ratio" "$cpu" \
    "$(wrk_non2xx "$out")" "$(wrk_socket_error_total "$out")"
done
[ "$QUOTES" = yes ] || echo "quotes    skipped: no POST /v1/quotes in this build"
if [ "$QUOTES" = yes ]; then
  echo "quotes stored: $(sqlite3 "$WORK/bench.sqlite" 'select count(*) from quotes' 2> /dev/null || echo '? (sqlite3 not installed)')"
fi
echo
awk -v a="$started" -v b="$ready" 'BEGIN { printf "start-up to ready with %s centers: %.1f s\n", "'"$CENTERS"'", b - a }'
echo "service memory: idle after start-up ${IDLE_RSS} MB (VmRSS; peak during start-up ${START_HWM} MB), after the runs ${LOADED_RSS} MB"
echo "bare handler memory after the runs: $(rss_mb "$BARE_PID") MB"
if [ -n "${BENCH_KEEP:-}" ]; then
  cp -r "$WORK" "$BENCH_KEEP"
  echo "raw wrk output kept in $BENCH_KEEP"
fi
