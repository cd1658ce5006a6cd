# Shared by scripts/bench.sh and scripts/load.sh: building, starting and stopping the servers,
# and reading wrk's output. Source it; it defines functions only, plus ROOT and BIN.

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# CARGO_TARGET_DIR is honoured: point it at a directory of its own to keep these release builds
# from waiting on the lock of a debug build running at the same time.
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
BIN=$CARGO_TARGET_DIR/release

# PIDs of the servers started by this script; stop_servers ends exactly these.
SERVER_PIDS=()

die() {
  echo "error: $*" >&2
  exit 1
}

need() {
  for tool in "$@"; do
    command -v "$tool" > /dev/null || die "$tool is needed (apt-get install $tool)"
  done
}

build_release() {
  echo "== building (release) in $CARGO_TARGET_DIR" >&2
  (cd "$ROOT" && cargo build --release --quiet --bin regenquote \
    --example bare_json --example synth_directory) || die "build failed"
}

# A TCP port on 127.0.0.1 that nothing listens on now.
free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$((20000 + RANDOM % 20000))
    if ! ss -Htln "sport = :$port" | grep -q .; then
      echo "$port"
      return
    fi
  done
  die "no free port found"
}

# Waits until `curl URL` answers 2xx, or fails after $2 seconds (default 60).
wait_for() {
  local url=$1 limit=${2:-60} waited=0
  until curl -fsS -o /dev/null "$url" 2> /dev/null; do
    sleep 0.2
    waited=$((waited + 1))
    [ "$waited" -le $((limit * 5)) ] || die "$url did not answer within ${limit}s"
  done
}

# A copy of the shipped config directory in $1, so a run can add settings (such as an API key)
# without touching the checkout.
copy_config() {
  mkdir -p "$1"
  cp "$ROOT"/config/*.toml "$1"/
}

# Whether the service built here serves POST /v1/quotes.
has_quotes_route() {
  "$BIN/regenquote" openapi | jq -e '.paths["/v1/quotes"].post' > /dev/null 2>&1
}

# The request body of the first example of POST /v1/quotes in the OpenAPI document, compact,
# with any scheduled date moved to 30 days from now (a past date may be refused).
quote_example_body() {
  "$BIN/regenquote" openapi | jq -ce '
    . as $doc
    | .paths["/v1/quotes"].post.requestBody.content["application/json"]
    | (.example // (.examples // {} | to_entries | first | .value.value)
       // (.schema["$ref"] // "" | ltrimstr("#/components/schemas/") as $name
           | $doc.components.schemas[$name] | .example // (.examples // [] | first))
       // empty)
    | if has("scheduled_date") then .scheduled_date = (now + 30 * 86400 | strftime("%Y-%m-%d")) else . end'
}

# Adds a secret API key to the local-environment file of the config copy in $1 (the service
# runs with APP_ENVIRONMENT=local) and sets QUOTE_TOKEN to its token. The token is random for
# each run and reaches the service only through this process's environment.
add_bench_key() {
  local secret
  secret=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
  export REGENQUOTE_BENCH_TOKEN="rq_sk_bench-partner_${secret}"
  QUOTE_TOKEN=$REGENQUOTE_BENCH_TOKEN
  cat >> "$1/local.toml" << 'EOF'

[[auth.keys]]
id = "bench-partner"
label = "Benchmark partner (scripts/bench.sh, scripts/load.sh)"
kind = "secret"
secret_env = "REGENQUOTE_BENCH_TOKEN"
EOF
}

# Starts a server in the background, logging to $1; the rest is the command. Sets LAST_PID.
start_server() {
  local log=$1
  shift
  "$@" > "$log" 2>&1 &
  LAST_PID=$!
  SERVER_PIDS+=("$LAST_PID")
}

# Drops $1 from the servers stop_servers ends (once it has exited and been waited for).
forget_server() {
  local pid kept=()
  for pid in "${SERVER_PIDS[@]}"; do
    [ "$pid" = "$1" ] || kept+=("$pid")
  done
  SERVER_PIDS=("${kept[@]}")
}

# Whether process $1 is still running (a zombie counts as stopped).
running() {
  kill -0 "$1" 2> /dev/null && ! grep -q '^State:[[:space:]]*Z' "/proc/$1/status" 2> /dev/null
}

stop_servers() {
  local pid
  for pid in "${SERVER_PIDS[@]}"; do
    kill "$pid" 2> /dev/null || true
  done
  for pid in "${SERVER_PIDS[@]}"; do
    wait "$pid" 2> /dev/null || true
  done
  SERVER_PIDS=()
}

# Resident memory of process $1 in MB (VmRSS, or another /proc status field as $2).
rss_mb() {
  awk -v field="${2:-VmRSS}:" '$1 == field { printf "%.1f", $2 / 1024 }' "/proc/$1/status"
}

# CPU time process $1 has used so far (user + system, all threads), in clock ticks.
cpu_ticks() {
  awk '{ print $14 + $15 }' "/proc/$1/stat"
}

# --- reading wrk output --------------------------------------------------------------------

# A wrk latency ("812.00us", "3.12ms", "1.20s") in milliseconds.
to_ms() {
  awk -v v="$1" 'BEGIN {
    n = v + 0
    if (v ~ /us$/) n /= 1000
    else if (v ~ /ms$/) n = n
    else if (v ~ /m$/) n *= 60000
    else if (v ~ /s$/) n *= 1000
    printf "%.2f", n
  }'
}

wrk_rps() { awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$1"; }
wrk_percentile() { to_ms "$(awk -v p="$2%" '$1 == p { print $2 }' "$1")"; }
wrk_requests() { awk '/requests in/ { print $1 }' "$1"; }
wrk_non2xx() { awk '/Non-2xx or 3xx responses:/ { n = $NF } END { print n + 0 }' "$1"; }
# "connect C, read R, write W, timeout T" (zeros when wrk printed no socket errors).
wrk_socket_errors() {
  awk '/Socket errors:/ { sub(/.*Socket errors: /, ""); print; found = 1 }
       END { if (!found) print "connect 0, read 0, write 0, timeout 0" }' "$1"
}
wrk_socket_error_total() {
  wrk_socket_errors "$1" | tr -cs '0-9' ' ' | awk '{ for (i = 1; i <= NF; i++) s += $i; print s + 0 }'
}

# prepare_mix DIR URL: writes what the realistic workloads draw from (scripts/wrk/*-mix.lua) and
# exports their environment:
#   DIR/zips.txt       every ZIP code of src/centers/us-zip-codes.csv that has a location
#   DIR/mix.txt        every option mix of every priced therapy (1 to 3 sessions, each cell
#                      source, no add-ons, the defaults or one add-on) that the service at URL
#                      prices; mixes it refuses (a combination a therapy does not take) are
#                      dropped, so that the runs measure answers, not refusals
#   DIR/therapies.txt  every therapy code, for center-search filters
prepare_mix() {
  local dir=$1 url=$2 line status kept=0 dropped=0
  # Only ZIPs the service can search from: not the military ones listed at 0,0, nor the few
  # whose longitude has lost its sign (the service treats those as without a location; see
  # `plausible` in src/centers/zips.rs). A subset of what it accepts, never more.
  awk -F, 'NR > 1 && $4 + 0 > 0 && ($5 + 0 < 0 || $3 ~ /^(AK|HI|GU|MP|FM|MH|PW)$/) { print $1 }' \
    "$ROOT/src/centers/us-zip-codes.csv" > "$dir/zips.txt"
  curl -fsS "$url/v1/therapies" > "$dir/catalog.json" || die "cannot read $url/v1/therapies"
  jq -r '.therapies[].code' "$dir/catalog.json" > "$dir/therapies.txt"
  jq -r '
    .therapies[] | select(.cash_price.status == "priced") | .code as $t | .cash_price as $p
    | (if ($p.max_joints // 0) > 0 then [range(1; $p.max_joints + 1)] else [null] end) as $joints
    | (if ($p.max_sessions // 0) > 0 then [range(1; ([$p.max_sessions, 3] | min) + 1)] else [null] end) as $sessions
    | (if ($p.cell_sources | length) > 0 then [$p.cell_sources[].cell_source] else [null] end) as $cells
    | ([null, []] + [$p.add_ons[].add_on | [.]]) as $add_ons
    | $joints[] as $j | $sessions[] as $s | $cells[] as $c | $add_ons[] as $a
    | {therapy: $t}
      + (if $j then {joints: $j} else {} end)
      + (if $s then {sessions: $s} else {} end)
      + (if $c then {cell_source: $c} else {} end)
      + (if $a then {add_ons: $a} else {} end)
    | tojson | .[1:-1]' "$dir/catalog.json" > "$dir/candidates.txt"
  : > "$dir/mix.txt"
  while IFS= read -r line; do
    status=$(curl -s -o /dev/null -w '%{http_code}' -H 'content-type: application/json' \
      --data "{$line,\"zip\":\"76102\"}" "$url/v1/estimates")
    if [ "$status" = 200 ]; then
      echo "$line" >> "$dir/mix.txt"
      kept=$((kept + 1))
    else
      dropped=$((dropped + 1))
    fi
  done < "$dir/candidates.txt"
  [ "$kept" -gt 0 ] || die "no option mix was priced by $url"
  echo "realistic mix: $(wc -l < "$dir/zips.txt") ZIP codes, $kept option mixes ($dropped refused and dropped), $(wc -l < "$dir/therapies.txt") therapies" >&2
  export BENCH_ZIPS=$dir/zips.txt BENCH_MIX=$dir/mix.txt BENCH_THERAPIES=$dir/therapies.txt
}
