-- hugolint for Neovim 0.7 to 0.10 (the README's recipe; tests/lsp_nvim.rs runs this file).
local hugolint = {}
vim.api.nvim_create_autocmd("FileType", {
  pattern = "markdown",
  callback = function(args)
    local dir = vim.fn.fnamemodify(vim.api.nvim_buf_get_name(args.buf), ":p:h")
    local root = dir
    for _, marker in ipairs({ "hugo.toml", "hugo.yaml", "hugo.json", "config.toml" }) do
      local found = vim.fn.findfile(marker, dir .. ";")
      if found ~= "" then
        root = vim.fn.fnamemodify(found, ":p:h")
        break
      end
    end
    hugolint[root] = hugolint[root]
      or vim.lsp.start_client({ name = "hugolint", cmd = { "hugolint", "server" }, root_dir = root })
    if hugolint[root] then
      vim.lsp.buf_attach_client(args.buf, hugolint[root])
    end
  end,
})
