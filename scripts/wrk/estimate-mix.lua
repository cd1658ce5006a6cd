-- POSTs estimate requests as patients send them: each one a ZIP and an option mix drawn at
-- random, so that no answer cache serves the run. The same bodies go to the bare handler.
--
-- Environment:
--   BENCH_ZIPS   a file of ZIP codes, one per line (scripts/bench.sh takes them from
--                src/centers/us-zip-codes.csv)
--   BENCH_MIX    a file of option mixes, one per line: the fields of an estimate request other
--                than `zip`, as JSON object members (`"therapy":"…","joints":2,…`), each one the
--                service accepts
package.path = package.path .. ";" .. debug.getinfo(1, "S").source:match("@(.*/)") .. "?.lua"
local mix = require("mix")

local zips, mixes

function init(args)
  mix.seed()
  zips = mix.lines("BENCH_ZIPS")
  mixes = mix.lines("BENCH_MIX")
end

local headers = { ["Content-Type"] = "application/json" }

function request()
  local body = "{" .. mix.pick(mixes) .. ',"zip":"' .. mix.pick(zips) .. '"}'
  return wrk.format("POST", nil, headers, body)
end
