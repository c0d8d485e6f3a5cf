/// The repository section's script, served as `/assets/operator.js`: shows the running scan or
/// import with its progress and the last one's outcome (`GET /api/v1/jobs`, polled every second).
enum OperatorScript {
    static let javascript = """
        "use strict";
        (function () {
          const box = document.getElementById("job-status");
          if (!box) { return; }
          const line = (text, cls, id) => {
            const p = document.createElement("p");
            if (cls) { p.className = cls; }
            if (id) { p.id = id; }
            p.textContent = text;
            box.appendChild(p);
          };
          const name = (job) => job.kind === "import" ? "import of " + job.folder : job.kind;
          const show = (jobs) => {
            box.replaceChildren();
            if (jobs.running) {
              const job = jobs.running;
              line(name(job) + " running since " + job.started + (job.progress ? ": " + job.progress : ""), "running",
                "job-running");
            }
            if (jobs.last) {
              const job = jobs.last;
              if (job.error) {
                line("Last " + name(job) + " failed: " + job.error, "bad", "job-last");
              } else {
                line("Last " + name(job) + ": " + job.summary, "ok", "job-last");
                const report = job.scan || job["import"] || {};
                const issues = [].concat(report.unparseable || [], report.failed || [], report.skipped || []);
                for (const issue of issues.slice(0, 20)) {
                  line((issue.path || issue.from) + ": " + issue.reason, "hint");
                }
              }
            }
          };
          const poll = () => {
            fetch("/api/v1/jobs", { headers: { "Accept": "application/json" } })
              .then((r) => r.ok ? r.json() : null).then((j) => { if (j) { show(j); } })
              .catch(() => {}).finally(() => setTimeout(poll, 1000));
          };
          poll();
        })();
        """
}
