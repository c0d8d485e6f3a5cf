/// The page's only JavaScript, served as `/assets/page.js` (the content security policy allows
/// scripts from the node itself only): the `latest` rule guard of the selection form, a live
/// preview of the spec, version suggestions for the family and name typed (``VersionHints``),
/// reading a chosen JSON file into the catalog text area, and the update run's live progress
/// ("n of m", the launch button disabled while it runs, the summary card's running / queued) and
/// last outcome with the additions in progress, each with its cancel button (`GET /api/v1/update`,
/// polled every second; `GET /api/v1/additions` when the node has no update runner).
enum PageScript {
    static let javascript = """
        "use strict";
        (function () {
          const form = document.getElementById("selection-form");
          if (form) {
            const field = (name) => form.elements.namedItem(name);
            const major = field("major"), minor = field("minor"), patch = field("patch");
            const preview = document.getElementById("selection-preview");
            const isLatest = (input) => input.disabled || input.value.trim() === "" ||
              input.value.trim().toLowerCase() === "latest";
            // `latest` runs right to left: a component after a `latest` one cannot be precise.
            const guard = () => {
              for (const [left, right] of [[major, minor], [minor, patch]]) {
                const locked = isLatest(left);
                if (locked) { right.value = ""; }
                right.disabled = locked || form.dataset.readonly === "true";
                right.placeholder = locked ? "latest, as " + left.name : "latest";
              }
              const part = (input, all) => input.value.trim() === "" ? all : input.value.trim();
              const version = [major, minor, patch].map((i) => isLatest(i) ? "latest" : i.value.trim());
              while (version.length > 1 && version[version.length - 1] === "latest") { version.pop(); }
              preview.textContent = part(field("family"), "FAMILY") + "/" + part(field("name"), "*") + "/" +
                part(field("flavor"), "*") + "@" + version.join(".");
            };
            form.addEventListener("input", guard);
            guard();
            // Version suggestions of the family and name typed (data-version-hints: "Family/Name"
            // and "Family/" keys); every version the node knows while no family is typed.
            const hints = JSON.parse(form.dataset.versionHints || "{}");
            const union = (part) => Array.from(new Set(Object.keys(hints).filter((k) => k.endsWith("/"))
              .flatMap((k) => hints[k][part]))).sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
            const everything = { majors: union("majors"), minors: union("minors"), patches: union("patches") };
            const fill = (id, values) => {
              const list = document.getElementById(id);
              if (!list) { return; }
              list.replaceChildren();
              for (const value of ["latest"].concat(values)) {
                const option = document.createElement("option");
                option.value = value;
                list.appendChild(option);
              }
            };
            const narrow = () => {
              const family = field("family").value.trim(), name = field("name").value.trim();
              const chosen = family === "" ? everything :
                (name !== "" && name !== "*" && hints[family + "/" + name]) || hints[family + "/"] ||
                { majors: [], minors: [], patches: [] };
              fill("majors", chosen.majors);
              fill("minors", chosen.minors);
              fill("patches", chosen.patches);
            };
            field("family").addEventListener("input", narrow);
            field("name").addEventListener("input", narrow);
            narrow();
          }
          const file = document.getElementById("catalog-json-file");
          if (file) {
            file.addEventListener("change", () => {
              const chosen = file.files && file.files[0];
              if (!chosen) { return; }
              chosen.text().then((text) => { document.getElementById("catalog-json").value = text; });
            });
          }
          const size = (n) => n >= 1048576 ? (n / 1048576).toFixed(1) + " MiB" : (n / 1024).toFixed(0) + " KiB";
          // The additions (magnet box): rows of state, bytes, rate and peers, or the failure, and
          // a cancel button (POST /ui/additions/ID/cancel) for each one running or failed. Rebuilt
          // only when something changed, so a button is never swapped under the pointer.
          const additions = document.getElementById("additions");
          const csrfField = document.querySelector('input[name="csrf"]');
          let shownAdditions = null;
          const cancelForm = (a) => {
            const cancel = document.createElement("form");
            cancel.method = "post";
            cancel.action = "/ui/additions/" + a.id + "/cancel";
            cancel.className = "cancel-addition";
            const token = document.createElement("input");
            token.type = "hidden";
            token.name = "csrf";
            token.value = csrfField.value;
            const button = document.createElement("button");
            button.type = "submit";
            button.className = "quiet";
            button.id = "cancel-addition-" + a.id;
            button.textContent = "cancel";
            cancel.append(token, button);
            return cancel;
          };
          const showAdditions = (list) => {
            if (!additions || !list) { return; }
            const key = JSON.stringify(list);
            if (key === shownAdditions) { return; }
            shownAdditions = key;
            additions.replaceChildren();
            if (list.length === 0) { return; }
            const table = document.createElement("table");
            for (const a of list) {
              const row = table.insertRow();
              row.className = "addition";
              row.dataset.state = a.state;
              const total = a.total_bytes ? " of " + size(a.total_bytes) : "";
              const detail = a.error ? " — " + a.error : (a.path ? " → " + a.path : "");
              const metadata = a.via === "swarm" && !a.metadata ? "waiting for metadata · " : "";
              row.insertCell().textContent = (a.name || a.source) + detail;
              row.insertCell().textContent = a.state;
              row.insertCell().textContent =
                metadata + size(a.bytes_done) + total + " at " + size(a.bytes_per_second) + "/s";
              row.insertCell().textContent = a.via === "swarm" ? a.peers + " peers" : "origin";
              const cell = row.insertCell();
              if (csrfField && ["starting", "fetching", "failed"].includes(a.state)) { cell.appendChild(cancelForm(a)); }
            }
            additions.appendChild(table);
          };
          if (additions && !document.getElementById("update-status")) {
            const pollAdditions = () => {
              fetch("/api/v1/additions", { headers: { "Accept": "application/json" } })
                .then((r) => r.ok ? r.json() : null).then(showAdditions)
                .catch(() => {}).finally(() => setTimeout(pollAdditions, 1000));
            };
            pollAdditions();
          }
          // The update run: polls GET /api/v1/update every second while the page is open.
          const run = document.getElementById("update-status");
          if (run) {
            const launch = document.getElementById("launch-update");
            const progress = document.getElementById("update-progress");
            const show = (status) => {
              showAdditions(status.additions);
              // One run at a time: the button waits for the running one, which shows "n of m".
              if (launch) { launch.disabled = status.running; }
              if (progress) {
                progress.textContent = !status.running ? "" : status.planned > 0
                  ? status.finished + " of " + status.planned + " transfers done" : "planning…";
              }
              // Looked up each time: the live swap replaces #summary, which holds it.
              const transfers = document.getElementById("transfers-summary");
              if (transfers && status.running) {
                const queued = Math.max(0, status.planned - status.finished - status.transfers.length);
                transfers.textContent = status.transfers.length + " / " + queued;
              }
              run.replaceChildren();
              const line = (text, cls) => {
                const p = document.createElement("p");
                if (cls) { p.className = cls; }
                p.textContent = text;
                run.appendChild(p);
              };
              if (status.running) {
                line("Update run in progress since " + status.started + ".", "running");
                for (const t of status.transfers) {
                  const total = t.total_bytes ? " of " + size(t.total_bytes) : "";
                  line(t.path + ": " + size(t.bytes_done) + total + " at " + size(t.bytes_per_second) + "/s from " +
                    t.via + (t.source ? " (" + t.source + ")" : ""), "transfer");
                }
              }
              if (status.last) {
                line("Last run: " + status.last.outcome + " — " + status.last.summary, "last-run");
              } else if (!status.running) {
                line("No update run yet.", "hint");
              }
            };
            const poll = () => {
              fetch("/api/v1/update", { headers: { "Accept": "application/json" } })
                .then((r) => r.ok ? r.json() : null).then((s) => { if (s) { show(s); } })
                .catch(() => {}).finally(() => setTimeout(poll, 1000));
            };
            poll();
          }
        })();
        """
}
