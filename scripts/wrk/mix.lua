-- Shared by the realistic workloads: reads the lines of a file, and numbers wrk's threads.
local mix = {}

-- Every non-empty line of the file named by environment variable `name`.
function mix.lines(name)
  local path = os.getenv(name)
  if not path then
    error(name .. " must name a file")
  end
  local lines = {}
  for line in io.lines(path) do
    if line ~= "" then
      lines[#lines + 1] = line
    end
  end
  if #lines == 0 then
    error(path .. " is empty")
  end
  return lines
end

-- One element of `list`, at random.
function mix.pick(list)
  return list[math.random(#list)]
end

return mix
