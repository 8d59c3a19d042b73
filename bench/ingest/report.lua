-- wrk script: PUT progress reports round-robin over the task ids in TASKS (comma-separated),
-- each with a unique process_trace; counts the 200s so the run can be checked against the samples.
local ids = {}
for id in string.gmatch(os.getenv("TASKS") or "", "[^,]+") do ids[#ids + 1] = id end
local prefix = os.getenv("PATH_PREFIX") or "/v3/tasks/"
local token = os.getenv("TOKEN") or ""
local counter = 0
ok = 0  -- global: done() reads it from each thread
local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  threads[#threads + 1] = thread
end

function init(args)
  wrk.method = "PUT"
  wrk.headers["Content-Type"] = "application/json"
  if token ~= "" then wrk.headers["X-Auth-Token"] = token end
end

function request()
  counter = counter + 1
  local task = ids[(counter % #ids) + 1]
  local body = string.format(
    '{"subtask_name":"MIGRATE_LINUX_FILE","progress":50,"replicatesize":5000,"totalsize":10000,' ..
    '"process_trace":"t%d-%d","migrate_speed":100.5,"total_cpu_usage":20,"agent_cpu_usage":3}', id, counter)
  return wrk.format(nil, prefix .. task .. "/progress", nil, body)
end

function response(status, headers, body)
  if status == 200 then ok = ok + 1 end
end

function done(summary, latency, requests)
  local total = 0
  for _, t in ipairs(threads) do total = total + t:get("ok") end
  io.write(string.format("RESULT requests=%d ok=%d rps=%.0f ok_rps=%.0f p50_ms=%.2f p99_ms=%.2f\n",
    summary.requests, total, summary.requests / (summary.duration / 1e6), total / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
