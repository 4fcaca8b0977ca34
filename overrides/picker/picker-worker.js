// Plan picker worker: boots Pyodide off the main thread, installs the policy
// wheel (its sha256 is checked against the lock file) and answers questions
// with support_policy.browser. Runs as a module worker from the site's origin.

let browser = null;
const timings = {};  // milliseconds since the worker started, per boot step (read by `make bench`)
const step = (name) => { timings[name] = Math.round(performance.now()); };

async function boot(urls) {
  // Absolute URLs: Pyodide resolves the wheel's path against the lock file's.
  const indexURL = new URL(urls.indexURL, self.location.href).href;
  const lockFileURL = new URL(urls.lockFileURL, self.location.href).href;
  const stdLibURL = new URL(urls.stdLibURL, self.location.href).href;
  step("boot");
  const { loadPyodide } = await import(`${indexURL}pyodide.mjs`);
  step("imported");
  // packages: the wheel downloads while the runtime boots, instead of after it.
  const pyodide = await loadPyodide({ indexURL, lockFileURL, stdLibURL, packages: ["support-policy"] });
  step("loaded");
  browser = pyodide.pyimport("support_policy.browser");
  browser.warm_up();
  step("warm");
}

self.addEventListener("message", async ({ data }) => {
  if (data.type === "boot") {
    try {
      await boot(data);
      self.postMessage({ type: "ready", timings });
    } catch (error) {
      console.warn("Plan picker: Python did not start:", error);
      self.postMessage({ type: "failed" });
    }
  } else if (data.type === "answer" && browser) {
    const { plan, priority, country, lang, now } = data;
    const reply = JSON.parse(browser.answer(plan, priority, country, lang, now));
    self.postMessage({ type: "answer", id: data.id, ...reply });
  } else if (data.type === "guide" && browser) {
    const reply = JSON.parse(browser.guide(JSON.stringify(data.path), data.lang));
    self.postMessage({ type: "guide", id: data.id, ...reply });
  }
});
