// localise serve: reload this preview page when the preview has been rebuilt, and keep its
// findings panel open or closed as the reader left it. Served to preview pages only.
(() => {
  "use strict";
  const panel = document.getElementById("localise-preview");
  if (!panel) return;
  const details = panel.querySelector("details");
  const remembered = "localise-preview-panel";
  if (sessionStorage.getItem(remembered) === "closed") details.open = false;
  details.addEventListener("toggle", () =>
    sessionStorage.setItem(remembered, details.open ? "open" : "closed"));

  const shown = panel.dataset.version;
  const every = 250;
  let wait = every;
  async function poll() {
    try {
      const answer = await fetch("/__localise__/version", { cache: "no-store" });
      const { version } = await answer.json();
      if (version && version !== shown) {
        location.reload();
        return;
      }
      wait = every;
    } catch {
      wait = Math.min(wait * 2, 4000); // the server is stopped or restarting: ask less often
    }
    setTimeout(poll, wait);
  }
  setTimeout(poll, wait);
})();
