// Plan picker glue: wires the form, the address bar and the Python worker.
// Every word and every decision comes from Python (support_policy); this file
// only moves values between the page, the URL and the worker, and says how far
// the worker's downloads have got.

const ADDRESS_DELAY_MS = 250;

// The picker's life, one state at a time (root's data-state, for styles and tests):
//   waiting   nothing downloaded yet: the visitor has not reached for the picker
//   loading   the worker downloads the runtime (progress shown)
//   starting  Python starts
//   ready     Python answers; the form asks for a plan and a priority
//   answered  an answer is shown
//   checking  the worker failed to start: is the page older than a deploy?
//   reloading a newer build is on the host: the page reloads, once, keeping the choice
//   failed    the picker gave up: a notice points to the tables
// `loading` again after `starting`, `ready` or `answered`: Python from a kept snapshot hung or
// broke, and a new worker starts from the archive, without it.
const TRANSITIONS = {
  waiting: ["loading", "failed"],
  loading: ["starting", "ready", "checking", "failed"],
  starting: ["starting", "ready", "loading", "checking", "failed"],
  ready: ["answered", "loading", "failed"],
  answered: ["ready", "loading", "failed"],
  checking: ["reloading", "failed"],
  reloading: [],
  failed: [],
};
const RELOADED = "plan-picker-reloaded-for";  // sessionStorage: the build a reload was for

async function start(root) {
  const form = root.querySelector("form");
  const answer = root.querySelector("[data-pp-answer]");
  const notice = root.querySelector("[data-pp-notice]");
  const message = (key) => root.querySelector(`[data-pp-message="${key}"]`).innerHTML;
  const lang = root.dataset.lang;
  const picker = self.planPicker;  // the inline start script's (Runtime.head in picker_build.py)
  const config = picker?.config;
  let worker = null;
  let asked = 0;

  let state = "";
  // Every change of state goes through here; a change the table does not allow is a late
  // word from a worker already given up on, and is ignored.
  const enter = (next) => {
    if (state && !TRANSITIONS[state].includes(next)) return false;
    state = next;
    root.dataset.state = next;
    return true;
  };
  const answering = () => state === "ready" || state === "answered";

  // ─── the form ⇄ the address ──────────────────────────────────────────────

  const values = () => {
    const data = new FormData(form);
    return Object.fromEntries(config.linkKeys.map((key) => [key, String(data.get(key) ?? "")]));
  };

  // Python reads the address (browser.link) and says what the form shows.
  const fill = (choice) => {
    for (const key of config.linkKeys) {
      const control = form.elements[key];
      if (control instanceof RadioNodeList) {
        for (const radio of control) radio.checked = radio.value === choice[key];
      } else if (control) {
        control.value = choice[key];
      }
    }
  };

  const toAddress = (choice) => {
    const params = new URLSearchParams(location.search);
    for (const [key, value] of Object.entries(choice)) {
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

  // Until Python is ready the answer's place says what is happening (loading, progress);
  // the choice is asked again once it is.
  // The first question is the address itself (its raw query: Python judges every value),
  // unless the visitor has chosen already.
  let touched = false;
  const ask = () => {
    if (!answering()) return;
    const id = ++asked;
    const now = Date.now();
    if (id === 1 && !touched) worker.postMessage({ type: "link", id, query: location.search, lang, now });
    else worker.postMessage({ type: "answer", id, ...values(), lang, now });
  };

  const status = (key) => {
    answer.innerHTML = message(key);
    answer.setAttribute("aria-busy", "true");
  };

  // "2.1 of 4.8 MB": the words are Python's, the figures the worker's, in the page's language
  // (no Intl on this thread while Python starts: its first use stalls the thread for ~50 ms).
  const showProgress = ({ loaded, total, loadedText, totalText }) => {
    if (!answer.querySelector("[data-pp-loaded]")) status("progress");
    answer.querySelector("[data-pp-loaded]").textContent = loadedText;
    answer.querySelector("[data-pp-total]").textContent = totalText;
    const bar = answer.querySelector("progress");
    bar.max = total;
    bar.value = loaded;
  };

  // Python runs, or will not: the page's other downloads may go ahead (docs/assets/offline.js).
  const settle = () => {
    if ("settled" in root.dataset) return;
    root.dataset.settled = "";
    root.dispatchEvent(new Event("picker:settled"));
  };

  // `key`: "failed" (no WebAssembly, an error), "stalled" (the download stopped) or "missing"
  // (the host lacks the runtime of the page's own build: a broken deploy).
  const fail = (key = "failed") => {
    if (!enter("failed")) return;
    settle();
    clearTimeout(watchdog);
    worker?.terminate();
    answer.removeAttribute("aria-busy");
    answer.innerHTML = "";
    showNotice(message(key));
    notice.querySelector("[data-pp-open-tables]")?.addEventListener("click", () => {
      root.querySelector("#pp-tables").open = true;
    });
  };

  // The worker could not start (`reason`: the worker's, or "gone" when its own script did not
  // load). If the host now has another build (a deploy since this page was loaded, so its
  // runtime has gone), reload once, the choice kept in the address; if it has this one and
  // files of it are gone, they are missing on the host (a broken deploy): say so at once.
  const failedToStart = async (reason) => {
    if (!enter("checking")) return;
    clearTimeout(watchdog);
    worker?.terminate();
    let current = null;
    try {
      const response = await fetch(config.bootURL, { cache: "no-store" });
      if (response.ok) current = await response.json();
    } catch {
      // Offline, or the host is down: nothing to compare with.
    }
    if (!current) return fail("failed");
    if (current.snapshotKey === config.snapshotKey && current.workerURL === config.workerURL) {
      return fail(reason === "gone" ? "missing" : "failed");
    }
    try {
      if (sessionStorage.getItem(RELOADED) === current.snapshotKey) return fail("failed");  // reloaded once already
      sessionStorage.setItem(RELOADED, current.snapshotKey);
    } catch {
      return fail("failed");  // no session storage: no way to reload only once
    }
    enter("reloading");
    status("loading");
    updateAddress();
    location.reload();
  };

  // Gives up only when nothing happens: no byte for stallMs while downloading, no word
  // from the worker for startMs while Python starts (restoreMs from a kept snapshot, and
  // then once more without it). Download time never counts. `then`: a message key, or what to do.
  let watchdog = 0;
  const watch = (ms, then) => {
    clearTimeout(watchdog);
    watchdog = setTimeout(() => (typeof then === "function" ? then() : fail(then)), ms);
  };

  // Whether this device keeps every runtime file, so that starting downloads none of it: the
  // service worker controls the page and its runtime cache (offline_sw.js) holds each download.
  // It checks each kept copy again before serving it; this only chooses the button's words.
  const runtimeKept = async () => {
    try {
      if (!navigator.serviceWorker?.controller || !(await caches.has(config.caches.runtime))) return false;
      const cache = await caches.open(config.caches.runtime);
      const kept = await Promise.all(config.downloads.map(({ url }) => cache.match(new URL(url, location.href).href)));
      return kept.every(Boolean);
    } catch {
      return false;  // no Cache Storage here (an insecure origin, storage refused)
    }
  };

  // ─── the priority guide (its questions and logic are Python's) ───────────

  const guide = root.querySelector("[data-pp-guide]");
  const guideBody = root.querySelector("[data-pp-guide-body]");
  let guidePath = [];
  let guideAsked = 0;

  const askGuide = () => {
    if (state === "failed") return;
    if (!answering()) {
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
    touched = true;
    ask();
    notice.hidden = true;
    clearTimeout(addressTimer);
    addressTimer = setTimeout(updateAddress, ADDRESS_DELAY_MS);
  });
  // Leaving within that moment still records the choice, for the Back button.
  addEventListener("pagehide", () => addressTimer && updateAddress());
  form.addEventListener("submit", (event) => event.preventDefault());

  let loaded = -1;
  const onMessage = ({ data }) => {
    if (data.type === "progress") {
      if (state !== "loading") return;
      if (data.loaded > loaded) watch(config.stallMs, "stalled");
      loaded = data.loaded;
      showProgress(data);
    } else if (data.type === "starting") {
      if (!enter("starting")) return;
      if (data.from === "snapshot") watch(config.restoreMs, restart);
      else watch(config.startMs, "failed");
      status("starting");
    } else if (data.type === "ready") {
      if (!enter("ready")) return;
      clearTimeout(watchdog);
      performance.mark("picker:ready", { detail: data.timings });
      answer.removeAttribute("aria-busy");
      settle();
      ask();
      if (guide.open) askGuide();
      // Python came from this device's snapshot: the runtime should be kept too, and may not be
      // (the service worker dropped a damaged copy, or an earlier visit was cut short).
      if (data.timings.source === "snapshot") root.dispatchEvent(new Event("picker:kept"));
    } else if (data.type === "failed") {
      if (data.retry && answering()) restart();  // a kept snapshot broke: from the archive, in a new worker
      else if (state === "loading" || state === "starting") failedToStart(data.reason);
      else fail();
    } else if (data.type === "answer" && data.id === asked && answering()) {
      if (data.choice) fill(data.choice);
      if (data.notice) showNotice(data.notice);
      answer.innerHTML = data.html;
      if (data.ok && !performance.getEntriesByName("picker:first-answer").length) {
        performance.mark("picker:first-answer");  // read by `make bench`
      }
      localiseTimes(data.localTimes ?? {});
      enter(data.ok ? "answered" : "ready");
    } else if (data.type === "guide" && data.id === guideAsked) {
      showGuide(data);
    } else if (data.type === "kept") {
      performance.mark("picker:kept");  // the snapshot for the next visit is stored
      root.dispatchEvent(new Event("picker:kept"));  // docs/assets/offline.js keeps the runtime too
    }
  };

  // A worker's error before its first word: its script is missing or refused, a failure to
  // start. After it: the worker crashed (while restoring a kept snapshot: once more without).
  let heard = false;
  const onError = () => {
    if (!heard) failedToStart("gone");
    else if (state === "starting") restart();
    else fail();
  };
  const onWord = (event) => {
    heard = true;
    onMessage(event);
  };
  const listen = (started) => {
    heard = false;
    started.onmessage = started.onerror = null;
    started.addEventListener("error", onError);
    started.addEventListener("message", onWord);
  };

  // Once, when Python from a kept snapshot broke: a new worker that ignores it; the choice
  // is asked again once it is ready.
  let restarted = false;
  const restart = () => {
    if (restarted) return fail();
    restarted = true;
    console.warn("Plan picker: Python from the kept snapshot hung or broke; starting it afresh without the snapshot");
    worker?.terminate();
    enter("loading");
    status("loading");
    watch(config.stallMs, "stalled");
    worker = new Worker(config.workerURL, { type: "module" });
    listen(worker);
    worker.postMessage({ type: "boot", ...config, attempt: 2 });
  };

  if (typeof WebAssembly !== "object" || !picker) {
    picker?.worker?.then((started) => started.terminate(), () => {});
    fail();
    return;
  }

  // The inline script in <head> starts the worker when the page is for the picker or a
  // deep link asks for an answer (planPicker.auto). Otherwise (data-state="waiting") it
  // starts once the visitor scrolls the picker into view or points at it, touches or
  // focuses it; or, when the browser's data saver is on, once the visitor presses the button
  // that says how much it downloads, or that the device keeps it already. Until then the
  // runtime costs the visitor nothing.
  if (!picker.auto && !picker.worker) {
    enter("waiting");
    const start = () => picker.start();
    if (picker.saveData) {
      const kept = await runtimeKept();
      if (kept) status("save-data-kept");
      else status("save-data");
      answer.removeAttribute("aria-busy");
      if (!kept) {
        const total = config.downloads.reduce((sum, { wire }) => sum + wire, 0);
        answer.querySelector("[data-pp-total]").textContent =
          new Intl.NumberFormat(lang, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(total / 1e6);
      }
      answer.querySelector("[data-pp-start]").addEventListener("click", start);
    } else {
      answer.innerHTML = message("choose");
      // In view after a scroll of the visitor's (a picker already in view at load waits for
      // a pointer or a key: seeing the page is not asking for the picker).
      const seen = new IntersectionObserver((entries) => entries.some((entry) => entry.isIntersecting) && start());
      addEventListener("scroll", () => seen.observe(root), { once: true, passive: true });
      picker.started.then(() => seen.disconnect());
      for (const touch of ["pointerenter", "pointerdown", "focusin"]) root.addEventListener(touch, start, { once: true });
    }
  }
  await picker.started;
  enter("loading");
  status("loading");
  watch(config.stallMs, "stalled");  // until the worker's first word
  try {
    worker = await picker.worker;
  } catch {
    fail();  // no Worker support, or a policy that forbids it
    return;
  }
  listen(worker);
  for (const event of picker.early.splice(0)) {
    if (event.type === "error") onError();
    else onWord(event);
  }
}

// One picker per page: it takes over the one worker that <head> started.
const root = document.querySelector("[data-picker]");
if (root) start(root);
