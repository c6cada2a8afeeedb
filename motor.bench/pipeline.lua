-- wrk script for the load harness (run.sh): HTTP/1.1 pipelining. Each write carries DEPTH requests
-- for the URL's path, concatenated; wrk counts every response. DEPTH is the first script argument
-- (after "--"), 16 by default:  wrk -t1 -c64 -d10s -s pipeline.lua http://127.0.0.1:8080/plaintext -- 16
local batch

init = function(args)
  local depth = tonumber(args[1]) or 16
  local requests = {}
  for i = 1, depth do
    requests[i] = wrk.format(nil)
  end
  batch = table.concat(requests)
end

request = function()
  return batch
end
