/// The page's stylesheet, inlined in `<style>`: system fonts, a light neutral palette, tables and
/// forms that stay readable from a phone to a wide screen.
enum PageStyle {
    static let css = """
        :root { --fg: #1d2330; --muted: #5f6b7a; --line: #dde2e8; --bg: #f5f7fa; --card: #fff;
                --accent: #2457c5; --ok: #1f7a4d; --warn: #a15c00; --bad: #b3261e; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
               color: var(--fg); background: var(--bg); }
        header { background: #18202e; color: #fff; padding: 14px 28px; display: flex; align-items: center;
                 gap: 18px; flex-wrap: wrap; }
        header h1 { font-size: 19px; margin: 0; letter-spacing: .02em; }
        header .where { color: #aab4c3; font-size: 13px; }
        header form { margin-left: auto; display: flex; gap: 8px; align-items: center; }
        header input { width: 260px; }
        main { max-width: 1180px; margin: 0 auto; padding: 20px 28px 60px; }
        section { background: var(--card); border: 1px solid var(--line); border-radius: 8px;
                  padding: 16px 20px; margin: 0 0 18px; }
        h2 { font-size: 16px; margin: 0 0 12px; }
        h3 { font-size: 14px; margin: 16px 0 6px; color: var(--muted); text-transform: uppercase;
             letter-spacing: .05em; }
        .cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(170px, 1fr)); gap: 12px; }
        .card { border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; }
        .card .n { font-size: 22px; font-weight: 600; }
        .card .l { color: var(--muted); font-size: 12px; }
        table { width: 100%; border-collapse: collapse; font-size: 14px; }
        th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
        th { color: var(--muted); font-weight: 500; font-size: 12px; }
        td.num { text-align: right; white-space: nowrap; }
        tr.pair td { background: #f0f3f7; font-weight: 600; }
        code, .mono { font-family: ui-monospace, "SF Mono", Menlo, Consolas, monospace; font-size: 12.5px; }
        .ok { color: var(--ok); } .warn { color: var(--warn); } .bad { color: var(--bad); }
        .muted { color: var(--muted); }
        .banner { padding: 10px 14px; border-radius: 6px; margin: 0 0 16px; }
        .banner.error { background: #fdecea; color: var(--bad); border: 1px solid #f3c2bd; }
        .banner.notice { background: #e8f5ee; color: var(--ok); border: 1px solid #bfe3cf; }
        form.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 10px 12px;
                    align-items: end; }
        label { display: flex; flex-direction: column; gap: 3px; font-size: 12px; color: var(--muted); }
        label.inline { flex-direction: row; align-items: center; gap: 6px; color: var(--fg); font-size: 14px; }
        input, select, textarea { font: inherit; padding: 6px 8px; border: 1px solid #c5ccd6; border-radius: 5px;
                                  background: #fff; color: var(--fg); }
        input:disabled, textarea:disabled { background: #eef1f5; color: #8a94a3; }
        textarea { width: 100%; min-height: 70px; font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 12.5px; }
        button { font: inherit; padding: 6px 14px; border-radius: 5px; border: 1px solid var(--accent);
                 background: var(--accent); color: #fff; cursor: pointer; }
        button.quiet { background: #fff; color: var(--bad); border-color: #e3b6b2; padding: 3px 10px; }
        button:disabled { background: #c9d1dc; border-color: #c9d1dc; color: #fff; cursor: not-allowed; }
        fieldset { border: 0; padding: 0; margin: 0; min-width: 0; }
        .hint { font-size: 12px; color: var(--muted); margin: 6px 0 0; }
        .spec { font-family: ui-monospace, Menlo, Consolas, monospace; background: #f0f3f7; padding: 2px 6px;
                border-radius: 4px; }
        .two { display: grid; grid-template-columns: 1fr 1fr; gap: 18px; }
        @media (max-width: 800px) { .two { grid-template-columns: 1fr; } header form { margin-left: 0; } }
        """
}
