-- Questionnaire creation: POST /cv/questionnaire/ with a JSON body (no PDF), as the bench
-- user. Each request creates one row; nothing limits how many a user may create.
dofile((os.getenv("BENCH_DIR") or "bench") .. "/common.lua")

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. bearer_token()
wrk.body = '{"position":"Senior backend engineer","industry":"Software",'
  .. '"experience_level":"6+","company_size":"medium","location":"Berlin",'
  .. '"application_timeline":"1-3 months","job_description":"We build a payments '
  .. 'platform in Python and PostgreSQL. You design APIs, review code, mentor two '
  .. 'engineers and own our job queue on Redis. Experience with Falcon or Django, '
  .. 'SQLAlchemy, Docker and observability is welcome."}'
