-- POSTs quotes with distinct bodies: each one a ZIP and an option mix drawn at random, with
-- its own Idempotency-Key, so that every request prices and stores a new quote.
--
-- Environment:
--   QUOTE_TOKEN  API key token sent as "Authorization: Bearer <token>" (required)
--   QUOTE_RUN    text that makes keys unique across runs (default: the current time)
--   BENCH_ZIPS, BENCH_MIX   as for estimate-mix.lua
package.path = package.path .. ";" .. debug.getinfo(1, "S").source:match("@(.*/)") .. "?.lua"
local mix = require("mix")

local token = os.getenv("QUOTE_TOKEN")
local run = os.getenv("QUOTE_RUN") or tostring(os.time())
if not token then
  error("QUOTE_TOKEN must be set")
end

local sent = 0
local zips, mixes
local headers = {
  ["Content-Type"] = "application/json",
  ["Authorization"] = "Bearer " .. token,
}

function init(args)
  mix.seed()
  zips = mix.lines("BENCH_ZIPS")
  mixes = mix.lines("BENCH_MIX")
end

function request()
  sent = sent + 1
  headers["Idempotency-Key"] = "mix-" .. run .. "-" .. thread_number .. "-" .. sent
  local body = "{" .. mix.pick(mixes) .. ',"zip":"' .. mix.pick(zips) .. '"}'
  return wrk.format("POST", nil, headers, body)
end
