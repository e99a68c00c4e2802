-- POST /v1/verification_sessions with a unique Idempotency-Key per request.
package.path = os.getenv("BENCH_LUA_DIR") .. "/?.lua;" .. package.path
local common = require("common")

local prefix = os.getenv("BENCH_RUN_ID") or tostring(os.time())
local body = '{"type":"age","use_case":"alcohol_delivery","return_url":"https://example.com/done",' ..
             '"client_reference_id":"bench_user","metadata":{"order":"bench"}}'
local n = 0

common.install()

function init(args)
   common.seed()
end

function request()
   n = n + 1
   return wrk.format("POST", "/v1/verification_sessions", {
      ["Authorization"] = "Bearer " .. common.key,
      ["Content-Type"] = "application/json",
      ["Idempotency-Key"] = prefix .. "-" .. tid .. "-" .. n,
   }, body)
end
