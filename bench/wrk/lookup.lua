-- GET /api/v1/certificates/{serial} for serials sampled from the database ("SERIAL STATUS" lines).
package.path = package.path .. ";" .. (os.getenv("BENCH_WRK_DIR") or ".") .. "/?.lua"
local common = require("common")
local serials = {}
local i = 0

setup = common.setup

function init(args)
  for _, line in ipairs(common.lines(args[1])) do
    serials[#serials + 1] = line:match("^(%S+)")
  end
  i = math.random(#serials)
  common.auth()
end

function request()
  i = i % #serials + 1
  return wrk.format("GET", "/api/v1/certificates/" .. serials[i])
end

function response(status, headers, body)
  common.response(status)
end

function done(summary, latency, requests)
  common.done(summary, latency, "lookup")
end
