-- Shared by the wrk scripts: per-thread counters, an optional request cap, an optional bearer key,
-- and one machine-readable summary line ("BENCH ...") that load.sh copies into its results.
local M = {}
local threads = {}

count = 0
non2xx = 0
local limit = tonumber(os.getenv("BENCH_MAX_REQUESTS_PER_THREAD") or "0") or 0

function M.setup(thread)
  table.insert(threads, thread)
end

function M.auth()
  local key = os.getenv("PKI_API_KEY")
  if key and key ~= "" then
    wrk.headers["Authorization"] = "Bearer " .. key
  end
end

function M.response(status)
  count = count + 1
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
    if non2xx <= 3 then io.stderr:write("non-2xx status " .. status .. "\n") end
  end
  if limit > 0 and count >= limit then
    wrk.thread:stop()
  end
end

function M.lines(path)
  local t = {}
  for line in io.lines(path) do
    if line ~= "" then t[#t + 1] = line end
  end
  if #t == 0 then error("no lines in " .. path) end
  return t
end

function M.done(summary, latency, label)
  local n, bad = 0, 0
  for _, t in ipairs(threads) do
    n = n + t:get("count")
    bad = bad + t:get("non2xx")
  end
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    "BENCH %s requests=%d non2xx=%d seconds=%.2f per_second=%.0f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f socket_errors=%d\n",
    label, n, bad, seconds, n / seconds,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    e.connect + e.read + e.write + e.timeout))
end

return M
