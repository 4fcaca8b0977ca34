// Offline reading: registers the site's service worker (sw.js at the site's root, written by
// overrides/hooks/offline.py), which keeps the pages for the next visit without a network.
// On a picker page, only once Python runs (or will not), so that the worker's downloads never
// compete with the picker's; and once the picker has kept its snapshot, the worker is asked to
// keep the picker's runtime too.
(() => {
  if (!("serviceWorker" in navigator)) return;
  const root = new URL("../", document.currentScript.src);  // this file is assets/offline.js
  const register = () =>
    navigator.serviceWorker.register(new URL("sw.js", root), { scope: root.pathname }).catch((error) => {
      console.warn("Offline reading is not available:", error);  // e.g. `mkdocs serve` writes no worker
    });
  const picker = document.querySelector("[data-picker]");
  if (picker) {
    picker.addEventListener("picker:kept", async () => {
      (await navigator.serviceWorker.ready).active?.postMessage({ type: "keep-picker-runtime" });
    });
  }
  if (picker && self.planPicker?.worker && !("settled" in picker.dataset)) {
    picker.addEventListener("picker:settled", register, { once: true });
  } else if (document.readyState === "complete") {
    register();
  } else {
    addEventListener("load", register, { once: true });
  }
})();
