-- Shared by the realistic workloads: numbers wrk's threads, seeds each one's random numbers,
-- reads the lines of a file and picks from them.
local mix = {}

-- wrk calls `setup` once per thread before the thread starts: each thread's `thread_number`
-- is 0, 1, ….
thread_number = 0
local threads_started = 0

function setup(thread)
  thread:set("thread_number", threads_started)
  threads_started = threads_started + 1
end

-- Seeds this thread's random numbers, differently from every other thread's.
function mix.seed()
  math.randomseed(os.time() * 100 + thread_number)
end

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
