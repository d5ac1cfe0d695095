-- readers.lua — wrk script: GET (the path wrk is given) from many visitors (X-Real-IP 198.51.100.1 to .250 in turn).
local n = 0
function request()
  n = n + 1
  return wrk.format("GET", nil, { ["X-Real-IP"] = "198.51.100." .. (n % 250 + 1) })
end
