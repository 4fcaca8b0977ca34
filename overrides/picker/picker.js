// Plan picker glue: wires the form, the address bar and the Python worker.
// Every word and every decision comes from Python (support_policy); this file
// only moves values between the page, the URL and the worker.

const BOOT_TIMEOUT_MS = 10_000;
const ADDRESS_DELAY_MS = 250;
const PARAMS = ["plan", "priority", "country"];

async function start(root) {
  const form = root.querySelector("form");
  const answer = root.querySelector("[data-pp-answer]");
  const notice = root.querySelector("[data-pp-notice]");
  const message = (key) => root.querySelector(`[data-pp-message="${key}"]`).innerHTML;
  const lang = root.dataset.lang;
  let worker = null;
  let ready = false;
  let failed = false;
  let asked = 0;

  // ─── the form ⇄ the address ──────────────────────────────────────────────

  const values = () => {
    const data = new FormData(form);
    return Object.fromEntries(PARAMS.map((key) => [key, String(data.get(key) ?? "")]));
  };

  const allowed = (key) =>
    Array.from(form.querySelectorAll(`[name="${key}"]`)).flatMap((control) =>
      control.tagName === "SELECT" ? Array.from(control.options, (o) => o.value) : [control.value]
    );

  // Fill the form from the address; any unknown, repeated or stray value empties it.
  const fromAddress = () => {
    const params = new URLSearchParams(location.search);
    const wanted = {};
    let valid = true;
    for (const key of PARAMS) {
      const all = params.getAll(key);
      if (all.length > 1 || (all.length === 1 && !allowed(key).includes(all[0]))) valid = false;
      wanted[key] = all[0] ?? "";
    }
    if (!valid) {
      form.reset();
      showNotice(message("invalid"));
      return;
    }
    for (const key of PARAMS) {
      const control = form.elements[key];
      if (control instanceof RadioNodeList) {
        for (const radio of control) radio.checked = radio.value === wanted[key];
      } else if (control) {
        control.value = wanted[key];
      }
    }
  };

  const toAddress = ({ plan, priority, country }) => {
    const params = new URLSearchParams(location.search);
    for (const [key, value] of Object.entries({ plan, priority, country })) {
      if (value) params.set(key, value);
      else params.delete(key);
    }
    const query = params.toString();
    history.replaceState(history.state, "", `${location.pathname}${query ? `?${query}` : ""}${location.hash}`);
  };

  const showNotice = (html) => {
    notice.innerHTML = html;
    notice.hidden = false;
  };

  // ─── answers ─────────────────────────────────────────────────────────────

  // The worker formats each time in the visitor's zone (see localTimes in the worker).
  const localiseTimes = (localTimes) => {
    for (const time of answer.querySelectorAll("time[data-local-time]")) {
      if (localTimes[time.dateTime]) time.textContent = localTimes[time.dateTime];
    }
  };

  const ask = () => {
    if (failed) return;
    const { plan, priority, country } = values();
    if (!ready) {
      answer.innerHTML = message("loading");
      answer.setAttribute("aria-busy", "true");
      return;
    }
    worker.postMessage({ type: "answer", id: ++asked, plan, priority, country, lang, now: Date.now() });
  };

  const fail = () => {
    if (failed) return;
    failed = true;
    worker?.terminate();
    answer.removeAttribute("aria-busy");
    answer.innerHTML = "";
    showNotice(message("failed"));
    notice.querySelector("[data-pp-open-tables]")?.addEventListener("click", () => {
      root.querySelector("#pp-tables").open = true;
    });
  };

  // ─── the priority guide (its questions and logic are Python's) ───────────

  const guide = root.querySelector("[data-pp-guide]");
  const guideBody = root.querySelector("[data-pp-guide-body]");
  let guidePath = [];
  let guideAsked = 0;

  const askGuide = () => {
    if (failed) return;
    if (!ready) {
      guideBody.innerHTML = message("loading");
      return;
    }
    worker.postMessage({ type: "guide", id: ++guideAsked, path: guidePath, lang });
  };

  const showGuide = ({ html, priority }) => {
    guideBody.innerHTML = html;
    if (priority) {
      const radio = form.querySelector(`input[name="priority"][value="${priority}"]`);
      if (radio && !radio.checked) {
        radio.checked = true;
        form.dispatchEvent(new Event("change"));
      }
    }
    guideBody.querySelector("[data-guide-focus]")?.focus();
  };

  guide.addEventListener("toggle", () => {
    if (guide.open && !guideBody.hasChildNodes()) askGuide();
  });
  guideBody.addEventListener("click", (event) => {
    const button = event.target.closest("button");
    if (!button) return;
    if (button.hasAttribute("data-guide-restart")) guidePath = [];
    else guidePath = [...guidePath, Number(button.dataset.guideAnswer)];
    askGuide();
  });

  // ─── the worker ──────────────────────────────────────────────────────────

  fromAddress();
  // The address follows the form a moment after the last change, not on every change:
  // Chromium re-fetches and re-parses the page's icon on each history.replaceState, work
  // that would otherwise sit between a click and its answer.
  let addressTimer = 0;
  const updateAddress = () => {
    clearTimeout(addressTimer);
    addressTimer = 0;
    toAddress(values());
  };
  form.addEventListener("change", () => {
    ask();
    notice.hidden = true;
    clearTimeout(addressTimer);
    addressTimer = setTimeout(updateAddress, ADDRESS_DELAY_MS);
  });
  // Leaving within that moment still records the choice, for the Back button.
  addEventListener("pagehide", () => addressTimer && updateAddress());
  form.addEventListener("submit", (event) => event.preventDefault());
  ask();  // the loading message, until the worker is ready

  const onMessage = ({ data }) => {
    if (data.type === "ready") {
      clearTimeout(timer);
      performance.mark("picker:ready", { detail: data.timings });
      ready = true;
      answer.removeAttribute("aria-busy");
      root.dataset.state = "ready";
      ask();
      if (guide.open) askGuide();
    } else if (data.type === "failed") {
      fail();
    } else if (data.type === "answer" && data.id === asked) {
      answer.innerHTML = data.html;
      if (data.ok && !performance.getEntriesByName("picker:first-answer").length) {
        performance.mark("picker:first-answer");  // read by `make bench`
      }
      localiseTimes(data.localTimes ?? {});
      root.dataset.state = data.ok ? "answered" : "ready";
    } else if (data.type === "guide" && data.id === guideAsked) {
      showGuide(data);
    }
  };

  // Started by the inline script at the top of <head> (Runtime.start_script) once the
  // page has painted; what the worker said before this file ran waits in planPicker.early.
  if (typeof WebAssembly !== "object" || !self.planPicker) {
    self.planPicker?.worker.then((started) => started.terminate(), () => {});
    fail();
    return;
  }
  try {
    worker = await self.planPicker.worker;
  } catch {
    fail();  // no Worker support, or a policy that forbids it
    return;
  }
  const timer = setTimeout(fail, BOOT_TIMEOUT_MS);
  worker.onmessage = worker.onerror = null;
  worker.addEventListener("error", fail);
  worker.addEventListener("message", onMessage);
  for (const event of self.planPicker.early.splice(0)) {
    if (event.type === "error") fail();
    else onMessage(event);
  }
}

// One picker per page: it takes over the one worker that <head> started.
const root = document.querySelector("[data-picker]");
if (root) start(root);
