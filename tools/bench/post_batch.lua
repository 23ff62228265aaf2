-- wrk script: each request posts a batch of $JIFEN_BATCH (default 1000) new rd_expense.filed events as NDJSON.
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
  wrk.headers["Content-Type"] = "application/x-ndjson"
  wrk.headers["Authorization"] = "Bearer " .. os.getenv("JIFEN_KEY")
end

function request()
  local size = tonumber(os.getenv("JIFEN_BATCH") or "1000")
  local lines = {}
  for i = 1, size do
    counter = counter + 1
    lines[i] = string.format(
      '{"event_id":"batch-%s-%d-%d","type":"rd_expense.filed","enterprise":"%s","occurred_on":"2021-12-31",' ..
      '"data":{"fiscal_year":2021,"project":"P-02","category":"design","amount_fen":%d}}',
      os.getenv("JIFEN_RUN") or "0", thread_id, counter, os.getenv("JIFEN_USCC"), 500 + counter)
  end
  return wrk.format(nil, "/v1/batches", nil, table.concat(lines, "\n") .. "\n")
end
