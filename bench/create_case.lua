-- create_case.lua — wrk script: POST a new penalty case (body in FAZHI_CASE_BODY) with the
-- API token; each one is committed durably.
wrk.method = "POST"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("FAZHI_BENCH_TOKEN")
wrk.headers["Content-Type"] = "application/json"
wrk.body = os.getenv("FAZHI_CASE_BODY")
