-- uses: helpers
-- ARGV: prefix, name1, token1, name2, token2, ...
-- Puts a gateway's users back after the directory lost them (Redis restarted empty, or the lease expired
-- and the users were cleaned up). Returns { names added back..., '', names someone else holds now... }.
local added, lost = {}, {}
for i = 2, #ARGV, 2 do
  local name, token = ARGV[i], ARGV[i + 1]
  local holder = findUser(name)
  if not holder then
    register(name, token)
    table.insert(added, name)
  elseif holder == name and holds(name, token) then
    register(name, token)
  else
    table.insert(lost, name)
  end
end
table.insert(added, '')
for _, name in ipairs(lost) do table.insert(added, name) end
return added
