-- GET on the bare Falcon app (bench/bare_app.py).
dofile((os.getenv("BENCH_DIR") or "bench") .. "/common.lua")
wrk.method = "GET"
wrk.headers["Accept"] = "application/json"
