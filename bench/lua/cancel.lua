-- POST /v1/verification_sessions/{id}/cancel, each request on a fresh session in status created.
-- run.sh prepares BENCH_COUNT sessions with ids vks_bench<10^17 + k>, k = BENCH_BASE .. BENCH_BASE+BENCH_COUNT-1;
-- thread t of T takes k = BASE + t, BASE + t + T, ... so no session is cancelled twice.
package.path = os.getenv("BENCH_LUA_DIR") .. "/?.lua;" .. package.path
local common = require("common")

local base = tonumber(os.getenv("BENCH_BASE"))
local count = tonumber(os.getenv("BENCH_COUNT"))
local nthreads = tonumber(os.getenv("BENCH_THREADS"))
local i = 0

common.install()

function init(args)
   common.seed()
end

function request()
   local k = tid + nthreads * i
   i = i + 1
   if k >= count then k = k % count end -- exhausted: repeats answer 409 and show as non2xx
   return wrk.format("POST", "/v1/verification_sessions/vks_bench1" .. string.format("%017d", base + k) .. "/cancel", {
      ["Authorization"] = "Bearer " .. common.key,
   })
end
