-- GETs center searches as patients make them: from a random ZIP, with a random radius and page
-- size, and now and then a therapy or kind filter.
--
-- Environment:
--   BENCH_ZIPS       a file of ZIP codes that have a location, one per line
--   BENCH_THERAPIES  a file of therapy codes, one per line
package.path = package.path .. ";" .. debug.getinfo(1, "S").source:match("@(.*/)") .. "?.lua"
local mix = require("mix")

local zips, therapies
local radii = { "10", "25", "50", "50", "100", "250" }
local limits = { "10", "20", "20", "50" }
local kinds = { "academic_center", "hospital", "private_clinic", "pain_management_clinic" }

function init(args)
  mix.seed()
  zips = mix.lines("BENCH_ZIPS")
  therapies = mix.lines("BENCH_THERAPIES")
end

function request()
  local path = "/v1/centers?zip=" .. mix.pick(zips) .. "&radius_miles=" .. mix.pick(radii)
    .. "&limit=" .. mix.pick(limits)
  local draw = math.random(4)
  if draw == 1 then
    path = path .. "&therapy=" .. mix.pick(therapies)
  elseif draw == 2 then
    path = path .. "&kind=" .. mix.pick(kinds)
  end
  return wrk.format("GET", path)
end
