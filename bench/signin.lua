-- signin.lua — wrk script: sign in with a demo user's password (argon2id each time).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"username":"dh.leader","password":"fazhi-demo-2026"}'
