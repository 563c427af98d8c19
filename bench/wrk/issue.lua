-- POST /api/v1/certificate-requests with pre-made P-256 CSRs (one JSON body per line of the file
-- given after "--"), round robin from a random start per thread.
package.path = package.path .. ";" .. (os.getenv("BENCH_WRK_DIR") or ".") .. "/?.lua"
local common = require("common")
local bodies
local i = 0

setup = common.setup

function init(args)
  bodies = common.lines(args[1])
  math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)") or "0", 16) % 100000)
  i = math.random(#bodies)
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  common.auth()
end

function request()
  i = i % #bodies + 1
  return wrk.format("POST", "/api/v1/certificate-requests", nil, bodies[i])
end

function response(status, headers, body)
  common.response(status)
end

function done(summary, latency, requests)
  common.done(summary, latency, "issue")
end
