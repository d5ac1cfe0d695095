-- create_case.lua — wrk script: POST a new penalty case with the API token; each one is
-- committed durably. The body is FAZHI_CASE_BODY with "PARTY" replaced by the parties in
-- FAZHI_CASE_PARTIES ("1,2,3"), in turn, so that no party collects thousands of cases (the
-- case's answer counts the party's earlier penalties).
wrk.method = "POST"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("FAZHI_BENCH_TOKEN")
wrk.headers["Content-Type"] = "application/json"
local body = os.getenv("FAZHI_CASE_BODY")
local parties = {}
for p in string.gmatch(os.getenv("FAZHI_CASE_PARTIES") or "", "%d+") do
  parties[#parties + 1] = p
end
local n = math.random(1, 1000)
request = function()
  if #parties == 0 then
    return wrk.format(nil, nil, nil, body)
  end
  n = n + 1
  local b = string.gsub(body, "PARTY", parties[n % #parties + 1])
  return wrk.format(nil, nil, nil, b)
end
