-- create.lua — wrk script: POST a new key task with the API token (each one committed).
wrk.method = "POST"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("FAZHI_BENCH_TOKEN")
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"title":"压力测试任务","due_date":"2099-12-31","department":"DH-ZF","partners":["DH-SQ1"]}'
