-- auth.lua — wrk script: GET with the API token from FAZHI_BENCH_TOKEN.
wrk.headers["Authorization"] = "Bearer " .. os.getenv("FAZHI_BENCH_TOKEN")
