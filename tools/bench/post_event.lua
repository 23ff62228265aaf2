-- wrk script: each request posts one new rd_expense.filed for the enterprise in $JIFEN_USCC with the key in
-- $JIFEN_KEY. Event ids are unique per wrk thread and request, so every request is a durable append.
local counter = 0
local thread_id = 0
local threads = {}

function setup(thread)
  thread:set("thread_id", #threads)
  table.insert(threads, thread)
end

function init(args)
  thread_id = tonumber(wrk.thread:get("thread_id")) or 0
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = "Bearer " .. os.getenv("JIFEN_KEY")
end

function request()
  counter = counter + 1
  local body = string.format(
    '{"event_id":"bench-%s-%d-%d","type":"rd_expense.filed","enterprise":"%s","occurred_on":"2021-12-31",' ..
    '"data":{"fiscal_year":2021,"project":"P-01","category":"personnel","amount_fen":%d}}',
    os.getenv("JIFEN_RUN") or "0", thread_id, counter, os.getenv("JIFEN_USCC"), 1000 + counter)
  return wrk.format(nil, "/v1/events", nil, body)
end

-- wrk's --latency prints p50..p99; tools/bench/compare also wants p99.9 (latency is in microseconds).
function done(summary, latency, requests)
  io.write(string.format("p99.9 %.0fus\n", latency:percentile(99.9)))
end
