-- wrk script for bench/webhook/run.sh: posts one signed GitHub push body with a new X-GitHub-Delivery
-- per request (so every request is verified, deduplicated and stored as a new event), and prints one
-- line in LoadGenerator's format.
-- Usage: wrk -s push.lua URL -- BODY_FILE SIGNATURE RUN_ID [PACE_MS]
-- PACE_MS > 0: each connection waits that long after each answer before its next request.
local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  local f = assert(io.open(args[1], "rb"))
  body = f:read("*a")
  f:close()
  signature = args[2]
  prefix = args[3] .. "-" .. id .. "-"
  pace = tonumber(args[4] or "0")
  counter = 0
end

function delay()
  return pace
end

function request()
  counter = counter + 1
  return wrk.format("POST", nil, {
    ["Content-Type"] = "application/json",
    ["X-GitHub-Event"] = "push",
    ["X-GitHub-Delivery"] = prefix .. counter,
    ["X-Hub-Signature-256"] = signature,
  }, body)
end

function done(summary, latency, requests)
  local e = summary.errors
  local failed = e.connect + e.read + e.write + e.timeout
  local acks = summary.requests - e.status - failed
  local seconds = summary.duration / 1e6
  io.write(string.format(
    "acks=%d of=%d seconds=%.2f rps=%.0f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f statuses={non_2xx=%d, failed=%d}\n",
    acks, summary.requests, seconds, acks / seconds,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000, e.status, failed))
end
