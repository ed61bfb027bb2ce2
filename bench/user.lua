-- Authenticated read: GET /auth/user/ with `Authorization: Bearer <access token>`.
-- The token comes from BENCH_TOKEN, or else from the file named by BENCH_TOKEN_FILE
-- (bench/run.sh logs in once and provides both).
dofile((os.getenv("BENCH_DIR") or "bench") .. "/common.lua")

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

wrk.method = "GET"
wrk.headers["Accept"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. token
