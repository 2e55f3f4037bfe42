-- wrk script: sendMessage as the app makes it, round the signed-in parents of bench/run (each to
-- their own conversation, so no one meets the per-person send limit), a new clientMessageId each time.
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("tid", counter)
end

function init(args)
  -- A new clientMessageId on every run too: a repeated one is a retry, answered without a send.
  run = os.time()
  tokens, conversations, n = {}, {}, 0
  for line in io.lines(os.getenv("BENCH_TOKENS")) do
    local token, conversation = line:match("(%S+) (%S+)")
    tokens[#tokens + 1], conversations[#conversations + 1] = token, conversation
  end
end

function request()
  n = n + 1
  local i = (n * 7 + tid) % #tokens + 1
  local body = '{"clientMessageId":"bench-' .. run .. '-' .. tid .. '-' .. n .. '","text":"How today went."}'
  return wrk.format("POST", "/v1/conversations/" .. conversations[i] .. "/messages",
    { ["Authorization"] = "Bearer " .. tokens[i], ["Content-Type"] = "application/json" }, body)
end
