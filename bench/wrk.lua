-- wrk script: optional random paths from a file, and a JSON summary at the end.
-- PATHS_FILE=/tmp/paths.txt wrk -s bench/wrk.lua ...
local paths = {}
local file = os.getenv("PATHS_FILE")
if file then
  for line in io.lines(file) do
    if #line > 0 then paths[#paths + 1] = line end
  end
end
local cookie = os.getenv("BENCH_COOKIE")

math.randomseed(42)

request = function()
  local headers = {}
  if cookie then headers["Cookie"] = cookie end
  local path = wrk.path
  if #paths > 0 then path = paths[math.random(#paths)] end
  return wrk.format("GET", path, headers)
end

done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format(
    'WRK_JSON {"requests": %d, "duration_us": %d, "errors": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d}\n',
    summary.requests, summary.duration, errors,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
