extension PageScript {
    /// The part of `/assets/page.js` that keeps the page true without a reload (issue 13, item 3):
    /// it polls `GET /api/v1/changes` every second and, when the store's change counter moved (an
    /// update run ended, the CLI removed an image, a selection was saved elsewhere), fetches the
    /// page again and swaps in its summary, held images, warnings, next-pull line and storage mirrors. Forms are
    /// never swapped, so nothing the operator is typing is lost.
    ///
    /// Throttled: an update run records its transfers' progress every second, which moves the
    /// counter every second for the whole run. The first change after a quiet spell swaps at once;
    /// while changes keep coming, at most one swap every 5 s follows, and one last swap once they
    /// stop — so an open tab fetches the page at most every 5 s during a run, and still ends true.
    static let liveSections = """
        "use strict";
        (function () {
          const live = ["summary", "images", "run-warnings", "next-pull", "storage"];
          // The counter the page was rendered at: a change committed since shows on the first poll.
          let seen = document.body.dataset.change ? Number(document.body.dataset.change) : null;
          const spacing = 5000;
          let lastSwap = 0, pending = false;
          const swap = () => fetch(location.pathname + location.search, { headers: { "Accept": "text/html" } })
            .then((r) => r.ok ? r.text() : null).then((html) => {
              if (!html) { return; }
              const fresh = new DOMParser().parseFromString(html, "text/html");
              for (const id of live) {
                const now = document.getElementById(id), next = fresh.getElementById(id);
                if (now && next) { now.replaceWith(document.importNode(next, true)); }
              }
            });
          const poll = () => {
            fetch("/api/v1/changes", { headers: { "Accept": "application/json" } })
              .then((r) => r.ok ? r.json() : null)
              .then((c) => {
                if (!c) { return null; }
                if (seen !== null && c.change !== seen) { pending = true; }
                seen = c.change;
                if (!pending || Date.now() - lastSwap < spacing) { return null; }
                pending = false;
                lastSwap = Date.now();
                return swap();
              })
              .catch(() => {}).finally(() => setTimeout(poll, 1000));
          };
          poll();
        })();
        """
}
