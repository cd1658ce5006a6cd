-- GETs /health/live, each request with a bearer token naming a key id never seen before: a
-- flood of invented ids, which must cost the rate limiter no memory beyond the caller's
-- address.
thread_number = 0
local threads_started = 0
local sent = 0

function setup(thread)
  thread:set("thread_number", threads_started)
  threads_started = threads_started + 1
end

function request()
  sent = sent + 1
  local headers = {
    ["Authorization"] = "Bearer rq_sk_invented-" .. thread_number .. "-" .. sent .. "_anything",
  }
  return wrk.format("GET", "/health/live", headers)
end
