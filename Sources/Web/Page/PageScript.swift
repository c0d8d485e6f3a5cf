/// The page's only JavaScript, served as `/assets/page.js` (the content security policy allows
/// scripts from the node itself only): the `latest` rule guard of the selection form, a live
/// preview of the spec, and reading a chosen JSON file into the catalog text area.
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
          }
          const file = document.getElementById("catalog-json-file");
          if (file) {
            file.addEventListener("change", () => {
              const chosen = file.files && file.files[0];
              if (!chosen) { return; }
              chosen.text().then((text) => { document.getElementById("catalog-json").value = text; });
            });
          }
        })();
        """
}
