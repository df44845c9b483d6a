-- Drives `hugolint server` from a real Neovim (tests/lsp_nvim.rs runs it headless). Works with
-- Neovim 0.7 (Debian's) and later, through the README's recipe (HUGOLINT_RECIPE).
-- In: HUGOLINT_PAGE (a page of a site), HUGOLINT_LINE / HUGOLINT_COL (a position
-- for go to definition). Out: HUGOLINT_OUT, one line per diagnostic ("diag <code> <line> <col>"),
-- then "definition <file> <line>", "completion <n>", or "error ..." lines.
local page = os.getenv("HUGOLINT_PAGE")
local out = os.getenv("HUGOLINT_OUT")
local lines = {}

local function finish()
  vim.fn.writefile(lines, out)
  vim.cmd("qall!")
end

-- The README's recipe, with `hugolint` from PATH.
vim.cmd("filetype on")
dofile(os.getenv("HUGOLINT_RECIPE"))
vim.cmd("edit " .. vim.fn.fnameescape(page))
local buf = vim.api.nvim_get_current_buf()
local id
vim.wait(10000, function()
  for _, c in pairs(vim.lsp.buf_get_clients(buf)) do
    if c.name == "hugolint" then
      id = c.id
    end
  end
  return id ~= nil
end, 50)
if not id then
  table.insert(lines, "error the recipe started no client")
  finish()
end

local got = vim.wait(20000, function()
  return #vim.diagnostic.get(buf) > 0
end, 50)
if not got then
  table.insert(lines, "error no diagnostics")
end
for _, d in ipairs(vim.diagnostic.get(buf)) do
  local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or "?"
  table.insert(lines, string.format("diag %s %d %d", code, d.lnum, d.col))
end

local client = vim.lsp.get_client_by_id(id)
local position = { line = tonumber(os.getenv("HUGOLINT_LINE")), character = tonumber(os.getenv("HUGOLINT_COL")) }
local params = { textDocument = { uri = vim.uri_from_bufnr(buf) }, position = position }
local resp, err = client.request_sync("textDocument/definition", params, 10000, buf)
if resp and resp.result then
  local loc = resp.result[1] or resp.result
  table.insert(lines, string.format("definition %s %d", vim.uri_to_fname(loc.uri), loc.range.start.line))
else
  table.insert(lines, "error definition " .. tostring(err or (resp and resp.err and resp.err.message)))
end

client.stop()
vim.wait(5000, function()
  return client.is_stopped()
end, 50)
finish()
