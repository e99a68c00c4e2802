-- Shared by every scenario: environment, optional think time (for the half-of-peak runs) and
-- a RESULT line with the latency distribution, read by bench/run.sh.
local common = {}

common.key = os.getenv("BENCH_API_KEY") or error("BENCH_API_KEY not set")
common.think_ms = tonumber(os.getenv("BENCH_THINK_MS") or "0")

local threads = {}
local counter = 0

function common.setup(thread)
   thread:set("tid", counter)
   counter = counter + 1
   table.insert(threads, thread)
end

function common.nthreads()
   return counter
end

-- Exponentially distributed think time (Poisson-like arrivals per connection); 0 = closed loop at full speed.
function common.delay()
   if common.think_ms <= 0 then return 0 end
   return -math.log(1 - math.random()) * common.think_ms
end

function common.done(summary, latency, requests)
   local secs = summary.duration / 1e6
   local e = summary.errors
   io.write(string.format(
      "RESULT requests=%d duration_s=%.3f rps=%.1f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f p999_ms=%.3f max_ms=%.3f mean_ms=%.3f non2xx=%d sockerr=%d\n",
      summary.requests, secs, summary.requests / secs,
      latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
      latency:percentile(99.9) / 1000, latency.max / 1000, latency.mean / 1000,
      e.status, e.connect + e.read + e.write + e.timeout))
end

-- Installs wrk's setup, delay (only with a think time) and done hooks of the calling script.
function common.install()
   setup = common.setup
   if common.think_ms > 0 then delay = common.delay end
   done = common.done
end

-- A random sequence of its own for each thread.
function common.seed()
   math.randomseed(os.time() + (tid or 0))
end

-- Lines of a file (ids prepared by run.sh).
function common.lines(path)
   local t = {}
   for line in io.lines(path) do
      if #line > 0 then t[#t + 1] = line end
   end
   return t
end

return common
