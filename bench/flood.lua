-- flood.lua — wrk script: one client posting a public form as fast as it can; prints the mix
-- of status codes at the end. FLOOD=signin (default): the sign-in form with a wrong password,
-- as 203.0.113.7. FLOOD=apply: the portal's disclosure application with no valid form token
-- (what a script would send), as 203.0.113.8.
local forms = {
  signin = { ip = "203.0.113.7", cookie = "fz_pre=bench-pre-token",
             body = "_pre=bench-pre-token&username=dh.staff&password=not-the-password" },
  apply = { ip = "203.0.113.8",
            body = "_token=1.00&applicant_kind=natural_person&applicant_name=x&id_number=1234"
                   .. "&phone=13900000000&content=flood&desired_form=other" },
}
local form = forms[os.getenv("FLOOD") or "signin"] or forms.signin
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["X-Real-IP"] = form.ip
if form.cookie then wrk.headers["Cookie"] = form.cookie end
wrk.body = form.body

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
