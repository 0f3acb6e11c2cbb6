-- wrk script: each request is a random line (a path) of the file given after "--".
-- Requests are formatted once per thread in init(), so the script costs wrk almost nothing per request.
local requests = {}

function init(args)
  for line in io.lines(args[1]) do
    if #line > 0 then
      requests[#requests + 1] = wrk.format("GET", line)
    end
  end
  math.randomseed(os.time() + math.floor(os.clock() * 1000000))
end

function request()
  return requests[math.random(#requests)]
end
