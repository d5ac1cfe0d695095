-- signin.lua — wrk script: sign in with a demo user's password (argon2id each time); the
-- user is FAZHI_BENCH_USER (default dh.leader).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"username":"' .. (os.getenv("FAZHI_BENCH_USER") or "dh.leader") ..
  '","password":"fazhi-demo-2026"}'
