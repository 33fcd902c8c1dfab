-- Drives one page: cycles through the requests in the plan file named by WRK_PLAN
-- (one per line: METHOD <tab> PATH <tab> COOKIE), each thread from its own offset,
-- and prints a JSON summary (status counts and latency percentiles) when done.
local plan = {}
local threads = {}

local function load_plan()
  for line in io.lines(os.getenv("WRK_PLAN")) do
    local method, path, cookie = line:match("^(%S+)\t(%S+)\t(.*)$")
    if method then
      local headers = { ["Cookie"] = cookie, ["Host"] = "127.0.0.1" }
      if method == "POST" then
        headers["Content-Type"] = "application/x-www-form-urlencoded"
      end
      plan[#plan + 1] = wrk.format(method, path, headers, method == "POST" and "x=1" or nil)
    end
  end
end

function setup(thread)
  thread:set("id", #threads + 1)
  threads[#threads + 1] = thread
end

function init(args)
  load_plan()
  position = (id * 7919) % #plan
  counts = {}
end

function request()
  position = position % #plan + 1
  return plan[position]
end

function response(status, headers, body)
  local key = tostring(status)
  counts[key] = (counts[key] or 0) + 1
end

function done(summary, latency, requests)
  local totals = {}
  for _, thread in ipairs(threads) do
    local c = thread:get("counts")
    for status, n in pairs(c) do
      totals[status] = (totals[status] or 0) + n
    end
  end
  local parts = {}
  for status, n in pairs(totals) do
    parts[#parts + 1] = string.format('"%s": %d', status, n)
  end
  io.write("BENCH-JSON ")
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "errors": {"connect": %d, "read": %d, "write": %d, "timeout": %d}, '
      .. '"statuses": {%s}, "latency_us": {"p50": %d, "p95": %d, "p99": %d, "max": %d, "mean": %.1f}}\n',
    summary.requests, summary.duration, summary.errors.connect, summary.errors.read,
    summary.errors.write, summary.errors.timeout, table.concat(parts, ", "),
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max, latency.mean
  ))
end
