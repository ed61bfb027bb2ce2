-- Login: POST /auth/login/ with a JSON body of CORRECT credentials only. Failures are
-- throttled per account (5 / 5 min) and per address (30 / 5 min); a run that sent wrong
-- passwords would measure 429s. The body comes from BENCH_LOGIN_BODY (JSON, built by
-- bench/run.sh), or else from BENCH_USERNAME and BENCH_PASSWORD.
dofile((os.getenv("BENCH_DIR") or "bench") .. "/common.lua")

local body = os.getenv("BENCH_LOGIN_BODY")
if body == nil or body == "" then
  local username, password = os.getenv("BENCH_USERNAME"), os.getenv("BENCH_PASSWORD")
  if username == nil or password == nil then
    error("set BENCH_LOGIN_BODY, or BENCH_USERNAME and BENCH_PASSWORD")
  end
  local function quote(s)
    return '"' .. s:gsub('[%c"\\]', function(c) return string.format("\\u%04x", c:byte()) end) .. '"'
  end
  body = '{"username":' .. quote(username) .. ',"password":' .. quote(password) .. "}"
end

wrk.method = "POST"
wrk.body = body
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json"
