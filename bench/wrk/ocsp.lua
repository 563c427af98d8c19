-- OCSP over GET (/ocsp/{base64}) or POST (application/ocsp-request), mixed good/revoked serials, from
-- "escaped-base64 hex-DER status" lines made by BenchTool ocsp-requests. OCSP_METHOD=GET|POST.
package.path = package.path .. ";" .. (os.getenv("BENCH_WRK_DIR") or ".") .. "/?.lua"
local common = require("common")
local method = os.getenv("OCSP_METHOD") or "GET"
local gets, posts = {}, {}
local i = 0

setup = common.setup

local function unhex(hex)
  return (hex:gsub("..", function(pair) return string.char(tonumber(pair, 16)) end))
end

function init(args)
  for _, line in ipairs(common.lines(args[1])) do
    local b64, hex = line:match("^(%S+) (%S+)")
    gets[#gets + 1] = "/ocsp/" .. b64
    posts[#posts + 1] = unhex(hex)
  end
  i = math.random(#gets)
  wrk.headers["Content-Type"] = "application/ocsp-request"
end

function request()
  i = i % #gets + 1
  if method == "POST" then
    return wrk.format("POST", "/ocsp", nil, posts[i])
  end
  return wrk.format("GET", gets[i])
end

function response(status, headers, body)
  common.response(status)
end

function done(summary, latency, requests)
  common.done(summary, latency, "ocsp")
end
