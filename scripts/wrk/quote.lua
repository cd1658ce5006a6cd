-- POSTs quotes, each with its own Idempotency-Key, so that every request stores a new quote.
--
-- Environment:
--   QUOTE_TOKEN    API key token sent as "Authorization: Bearer <token>" (required)
--   QUOTE_BODY     the JSON request body (required)
--   QUOTE_RUN      text that makes keys unique across runs (default: the current time)
--   QUOTE_IDS_DIR  when set, every thread appends the Location of each 201 it receives to
--                  QUOTE_IDS_DIR/locations-<thread>.txt, so the quotes acknowledged to the
--                  client can be read back afterwards. Recording costs a Lua call per response,
--                  so leave it unset when measuring throughput.

local token = os.getenv("QUOTE_TOKEN")
local body = os.getenv("QUOTE_BODY")
local run = os.getenv("QUOTE_RUN") or tostring(os.time())
local ids_dir = os.getenv("QUOTE_IDS_DIR")
if not token or not body then
  error("QUOTE_TOKEN and QUOTE_BODY must be set")
end

-- Globals, not locals: setup() numbers each thread through thread:set.
thread_number = 0
local threads_started = 0
local sent = 0
local locations = nil
local headers = {
  ["Content-Type"] = "application/json",
  ["Authorization"] = "Bearer " .. token,
}

function setup(thread)
  thread:set("thread_number", threads_started)
  threads_started = threads_started + 1
end

function init(args)
  if ids_dir then
    locations = assert(io.open(ids_dir .. "/locations-" .. thread_number .. ".txt", "w"))
    locations:setvbuf("line")
  end
end

function request()
  sent = sent + 1
  headers["Idempotency-Key"] = "bench-" .. run .. "-" .. thread_number .. "-" .. sent
  return wrk.format("POST", nil, headers, body)
end

if ids_dir then
  function response(status, response_headers, response_body)
    if status == 201 then
      local location = response_headers["Location"] or response_headers["location"]
      if location then
        locations:write(location, "\n")
      end
    end
  end
end
