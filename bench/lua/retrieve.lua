-- GET /v1/verification_sessions/{id} over ids prepared by run.sh (BENCH_IDS, one per line).
package.path = os.getenv("BENCH_LUA_DIR") .. "/?.lua;" .. package.path
local common = require("common")

local ids
local i = 0

common.install()

function init(args)
   ids = common.lines(os.getenv("BENCH_IDS"))
   common.seed()
   i = math.random(#ids)
end

function request()
   i = i % #ids + 1
   return wrk.format("GET", "/v1/verification_sessions/" .. ids[i], {
      ["Authorization"] = "Bearer " .. common.key,
   })
end
