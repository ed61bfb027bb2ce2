-- Authenticated read: GET <url> with `Authorization: Bearer <access token>`. Used for
-- GET /auth/user/ and for every other authenticated GET scenario (the questionnaire list
-- and detail, the list-scaling runs): the URL, query string included, is wrk's argument.
-- The token comes from BENCH_TOKEN, or else from the file named by BENCH_TOKEN_FILE
-- (bench/run.sh logs in once and provides both).
dofile((os.getenv("BENCH_DIR") or "bench") .. "/common.lua")

wrk.method = "GET"
wrk.headers["Accept"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. bearer_token()
