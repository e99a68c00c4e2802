-- GET /v1/verification_sessions?limit=10 (the newest page of the organization).
package.path = os.getenv("BENCH_LUA_DIR") .. "/?.lua;" .. package.path
local common = require("common")

common.install()

function init(args)
   wrk.method = "GET"
   wrk.path = "/v1/verification_sessions?limit=10"
   wrk.headers["Authorization"] = "Bearer " .. common.key
   common.seed()
end
