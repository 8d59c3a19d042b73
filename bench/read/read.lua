-- wrk script for the read benchmark: GETs one kind of read against random seeded tasks.
-- MODE: list (ListTasks, limit 100), list_state (state=RUNNING), list_name (name=bench-task-0012..),
-- show (ShowTask) or samples (the samples endpoint over the seeded hour, step 60 s).
local mode = os.getenv("MODE") or "list"
local tasks = tonumber(os.getenv("TASKS") or "100000")
local token = os.getenv("TOKEN") or ""
local now = tonumber(os.getenv("NOW") or "0")
local samples = tonumber(os.getenv("SAMPLES") or "100")
-- PAUSE_MS: each connection waits this long after a response before its next request, so the
-- rate is set by the caller rather than by how fast the machine answers (latency at a given load).
local pause = tonumber(os.getenv("PAUSE_MS") or "0")
if pause > 0 then
  function delay() return pause end
end
errors = 0  -- global: done() reads it from each thread
local threads = {}

function setup(thread)
  threads[#threads + 1] = thread
end

function init(args)
  math.randomseed(os.time() + #threads)
  wrk.headers["X-Auth-Token"] = token
end

local function id(i) return string.format("%08x-0000-4000-8000-000000000001", i) end

function request()
  local i = math.random(1, tasks)
  local path
  if mode == "list" then
    path = "/v3/tasks?limit=100&offset=" .. (math.random(0, 9) * 100)
  elseif mode == "list_state" then
    path = "/v3/tasks?limit=100&state=RUNNING"
  elseif mode == "list_name" then
    -- A name prefix that matches ten tasks somewhere in the table.
    path = "/v3/tasks?limit=100&name=bench-task-" .. string.format("%05d", math.floor(i / 10))
  elseif mode == "show" then
    path = "/v3/tasks/" .. id(i)
  else
    path = string.format("/v3/opensms/tasks/%s/samples?from=%d&to=%d&step=60", id(i), now - samples * 10000, now + 1)
  end
  return wrk.format("GET", path)
end

function response(status, headers, body)
  if status ~= 200 then errors = errors + 1 end
end

function done(summary, latency, requests)
  local bad = 0
  for _, t in ipairs(threads) do bad = bad + t:get("errors") end
  io.write(string.format("RESULT requests=%d non200=%d rps=%.0f p50_ms=%.2f p99_ms=%.2f\n",
    summary.requests, bad, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
