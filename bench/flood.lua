-- flood.lua — wrk script: one client (X-Real-IP 203.0.113.7) posting the sign-in form with a
-- wrong password, as fast as it can; prints the mix of status codes at the end.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["X-Real-IP"] = "203.0.113.7"
wrk.headers["Cookie"] = "fz_pre=bench-pre-token"
wrk.body = "_pre=bench-pre-token&username=dh.staff&password=not-the-password"

local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) counts = {} end
function response(status, headers, body) counts[status] = (counts[status] or 0) + 1 end
function done(summary, latency, requests)
  local total = {}
  for _, t in ipairs(threads) do
    for k, v in pairs(t:get("counts")) do total[k] = (total[k] or 0) + v end
  end
  local keys = {}
  for k in pairs(total) do table.insert(keys, k) end
  table.sort(keys)
  for _, k in ipairs(keys) do io.write(string.format("status %d: %d\n", k, total[k])) end
end
