-- Shared by the scenario scripts (loaded with dofile): counts the responses per status in
-- each wrk thread and, when the run is done, prints one machine-readable line that
-- bench/report.py reads beside wrk's own `--latency` output:
--   BENCH non2xx=<n> statuses=<code>:<n>,... requests=<n> p50_us=<n> p99_us=<n>
-- It also gives the authenticated scenarios their access token (bearer_token()).

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  non2xx = 0
  statuses = {}
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
  end
end

function done(summary, latency, requests)
  local non2xx_total = 0
  local by_status = {}
  for _, thread in ipairs(threads) do
    non2xx_total = non2xx_total + (thread:get("non2xx") or 0)
    for code, count in pairs(thread:get("statuses") or {}) do
      by_status[code] = (by_status[code] or 0) + count
    end
  end
  local parts = {}
  for code, count in pairs(by_status) do
    table.insert(parts, string.format("%d:%d", code, count))
  end
  table.sort(parts)
  io.write(string.format(
    "BENCH non2xx=%d statuses=%s requests=%d p50_us=%d p99_us=%d\n",
    non2xx_total, table.concat(parts, ","), summary.requests,
    latency:percentile(50), latency:percentile(99)))
end

-- The access token of the authenticated scenarios: BENCH_TOKEN, or else the first line of
-- the file named by BENCH_TOKEN_FILE (bench/run.sh logs in once and provides both).
function bearer_token()
  local token = os.getenv("BENCH_TOKEN")
  if (token == nil or token == "") and os.getenv("BENCH_TOKEN_FILE") then
    local file = io.open(os.getenv("BENCH_TOKEN_FILE"), "r")
    if file then
      token = file:read("*l")
      file:close()
    end
  end
  if token == nil or token == "" then
    error("set BENCH_TOKEN (or BENCH_TOKEN_FILE) to an access token")
  end
  return token
end
