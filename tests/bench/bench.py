"""`make bench`: how fast the plan picker answers, against stock Pyodide in the same run.

Prints medians (min–max) over RUNS fresh browser profiles for:
  first visit   navigation start → first Python answer visible, deep link, new profile
                (in a browser that has finished starting: see settle())
  repeat visit  the same, in the same profile after one earlier load; for both, where
                the time goes: navigation → worker started (after the first paint),
                → Python restored in the worker, → answer in the page; and the floor:
                our worker started at once by a page with nothing else
  long tasks    sum of main-thread long tasks from navigation to the answer; the part of
                it while Python starts (from the worker's start to the answer); and for
                reference the same sum on a page without the picker (Material's own
                bundle), over the same time from navigation
  change        control change → new answer in the page (median, p95 over 50 changes)
  bytes         transferred for the widget page, and for a page without it
  build         `mkdocs build` of both languages, second run (caches warm)
The baseline is stock Pyodide from the same npm package: main thread, default
options, its own python_stdlib.zip, answering through the same wheel.
Served with gzip and cache headers, like a real host (tests/static_host.py).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from playwright.sync_api import sync_playwright  # noqa: E402

from browser.conftest import CHROMIUM_ARGS  # noqa: E402
from static_host import static_host  # noqa: E402
from support import ROOT, build_site, picker_start  # noqa: E402

QUERY = "?plan=business&priority=2"
WIDGET_PAGE = "/en/picker/"
PLAIN_PAGE = "/en/support-hours/"
BASELINE_DIR = "assets/pyodide/stock-baseline/"  # under /assets/pyodide/: cached like our runtime
TARGETS = {"repeat_s": 0.5, "repeat_ratio": 0.4, "first_s": 1.0, "first_ratio": 0.5, "long_ms": 0.0,
           "change_p95_ms": 16.0, "plain_pyodide_bytes": 0, "build_s": 10.0}

# Collects long tasks from the very start of the document (buffered entries are not guaranteed).
LONGTASK_PROBE = """
window.__longtasks = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) window.__longtasks.push([entry.startTime, entry.duration]);
}).observe({ type: "longtask", buffered: true });
"""

BASELINE_HTML = """<!doctype html><html lang="en"><meta charset="utf-8"><title>Stock Pyodide baseline</title>
<div id="answer"></div><script type="module" src="baseline.js"></script></html>"""
BASELINE_JS = """
import { loadPyodide } from "./pyodide.mjs";
const pyodide = await loadPyodide();
await pyodide.loadPackage(new URL("./WHEEL", import.meta.url).href);
const browser = pyodide.pyimport("support_policy.browser");
const reply = JSON.parse(browser.answer("business", "2", "", "en", Date.now()));
document.getElementById("answer").innerHTML = reply.html;
performance.mark("picker:first-answer");
"""


# The floor: our worker and runtime on a page with nothing else, started at once. What is
# left of our time here is Pyodide's own start in the worker, not the page's doing.
FLOOR_DIR = "assets/picker/bench-floor/"
FLOOR_HTML = """<!doctype html><html lang="en"><meta charset="utf-8"><title>Our worker alone</title>
<div data-pp-answer></div><script type="module" src="floor.js"></script></html>"""
FLOOR_JS = """
performance.mark("picker:worker");
const worker = new Worker(WORKER_URL, { type: "module" });
worker.onmessage = ({ data }) => {
  if (data.type === "ready") {
    performance.mark("picker:ready", { detail: data.timings });
    worker.postMessage({ type: "answer", id: 1, plan: "business", priority: "2", country: "", lang: "en", now: Date.now() });
  } else if (data.type === "answer") {
    document.querySelector("[data-pp-answer]").innerHTML = data.html;
    performance.mark("picker:first-answer");
  }
};
worker.postMessage(BOOT);
"""


def prepare_site(work: Path) -> Path:
    """A fresh build, with the stock runtime copied beside ours for the baseline and a
    page that runs our worker alone for the floor."""
    site = work / "site"
    result = build_site(site)
    if result.returncode != 0:
        sys.exit(f"build failed:\n{result.stderr}")
    stock = site / BASELINE_DIR
    shutil.copytree(ROOT / "node_modules/pyodide", stock, ignore=shutil.ignore_patterns("*.map", "*.d.ts", "*.html"))
    wheel = next(site.glob("assets/picker/*/support_policy-*.whl"))
    shutil.copy(wheel, stock / wheel.name)
    (stock / "index.html").write_text(BASELINE_HTML, encoding="utf-8")
    (stock / "baseline.js").write_text(BASELINE_JS.replace("WHEEL", wheel.name), encoding="utf-8")
    start = picker_start((site / WIDGET_PAGE.strip("/") / "index.html").read_text(encoding="utf-8"))
    if not start:
        sys.exit(f"{WIDGET_PAGE} has no start script that bench.py understands: see Runtime.start_script")
    worker_url, boot = start
    floor = site / FLOOR_DIR
    floor.mkdir(parents=True)
    (floor / "index.html").write_text(FLOOR_HTML, encoding="utf-8")
    (floor / "floor.js").write_text(FLOOR_JS.replace("WORKER_URL", json.dumps(worker_url))
                                    .replace("BOOT", json.dumps(boot)), encoding="utf-8")
    return site


def browser_cpu_s() -> float | None:
    """CPU seconds used so far by every process this one started, and theirs (Playwright's
    driver, the browser and all its children), from Linux's /proc; None without /proc."""
    try:
        pids = [name for name in os.listdir("/proc") if name.isdigit()]
    except OSError:
        return None
    parent, used = {}, {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process ended meanwhile
            continue
        parent[int(pid)] = int(fields[1])
        used[int(pid)] = int(fields[11]) + int(fields[12])  # utime, stime
    ours, total = {os.getpid()}, 0
    for pid in parent:
        ancestor = parent[pid]
        while ancestor not in ours and ancestor in parent and ancestor > 1:
            ancestor = parent[ancestor]
        if ancestor in ours:
            ours.add(pid)
            total += used[pid]
    return total / os.sysconf("SC_CLK_TCK")


SETTLE_LIMIT_S = 10.0


def settle(limit_s: float = SETTLE_LIMIT_S) -> float:
    """Wait until a just-launched browser has finished starting: the processes under this
    one used under 10 % of a core over 0.25 s, twice in a row (or `limit_s` passed). A new
    Chromium 156 spends ~1.5 s of CPU in its first second (its own WebUI renderer), which
    is not the page's doing and would otherwise land on the first visit. Returns the
    seconds waited."""
    start = time.perf_counter()
    before, quiet = browser_cpu_s(), 0
    if before is None:
        time.sleep(2.0)
        return time.perf_counter() - start
    while quiet < 2 and time.perf_counter() - start < limit_s:
        time.sleep(0.25)
        now = browser_cpu_s()
        quiet = quiet + 1 if now - before < 0.025 else 0
        before = now
    return time.perf_counter() - start


def visit(context, url: str) -> dict:
    """Load url in a new tab of `context`; time to first answer, long tasks, bytes."""
    page = context.new_page()
    sizes: list[tuple[str, int]] = []
    page.on("requestfinished", lambda req: sizes.append((req.url, _transfer(req))))
    page.goto(url)
    page.locator("#answer .pp-answer__title, [data-pp-answer] .pp-answer__title").first.wait_for(timeout=60_000)
    answer_ms = page.evaluate("performance.getEntriesByName('picker:first-answer')[0].startTime")
    tasks = page.evaluate("window.__longtasks")
    page.wait_for_load_state("networkidle")
    long_ms = sum(duration for start, duration in tasks if start < answer_ms)
    # The part of them from the worker's start (the picker:worker mark) to the answer.
    started = page.evaluate("performance.getEntriesByName('picker:worker').map((mark) => mark.startTime)")
    booting_ms = sum(max(0.0, min(start + duration, answer_ms) - max(start, started[0]))
                     for start, duration in tasks) if started else None
    # How the worker got its memory snapshot: "kept" (Cache Storage), "downloaded"; none for the baseline.
    ready = page.evaluate("performance.getEntriesByName('picker:ready').map((mark) => mark.detail)")
    # Where the time went: navigation → the page starts the worker; → Python restored, by the
    # worker's clock (its "loaded" step); → the answer in the page. The last part also holds
    # the worker's own start before its clock begins, warm_up, the answer's round trip and
    # its rendering.
    phases = (started[0], ready[0]["loaded"], answer_ms - started[0] - ready[0]["loaded"]) if started and ready else None
    return {"answer_s": answer_ms / 1000, "long_ms": long_ms, "booting_long_ms": booting_ms, "phases": phases,
            "bytes": sum(size for _, size in sizes), "page": page,
            "snapshot_from": ready[0]["snapshotFrom"] if ready else None}


def _transfer(request) -> int:
    try:
        sizes = request.sizes()
    except Exception:  # a request that ended without a response
        return 0
    return sizes["responseBodySize"] + sizes["responseHeadersSize"]


def change_latency(page, changes: int) -> list[float]:
    """Milliseconds from a change event until the answer region holds the new answer."""
    return page.evaluate(
        """async (changes) => {
          const answer = document.querySelector("[data-pp-answer]");
          const radios = [...document.querySelectorAll('input[name="priority"]')];
          const out = [];
          for (let i = 0; i < changes; i++) {
            const radio = radios[(i + 1) % radios.length];
            const done = new Promise((resolve) => {
              const observer = new MutationObserver(() => { observer.disconnect(); resolve(performance.now()); });
              observer.observe(answer, { childList: true, subtree: true, characterData: true });
            });
            const start = performance.now();
            radio.checked = true;
            radio.dispatchEvent(new Event("change", { bubbles: true }));
            out.push((await done) - start);
            await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
          }
          return out;
        }""",
        changes,
    )


def plain_page(browser_factory, url: str, window_s: float) -> tuple[int, int, float]:
    """A page without the widget, in a fresh profile: (all bytes, Pyodide/picker bytes,
    ms of main-thread long tasks in the first `window_s` seconds after navigation)."""
    context = browser_factory()
    page = context.new_page()
    sizes: list[tuple[str, int]] = []
    page.on("requestfinished", lambda req: sizes.append((req.url, _transfer(req))))
    page.goto(url)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(max(500, window_s * 1000 - page.evaluate("performance.now()")))
    tasks = page.evaluate("window.__longtasks")
    context.close()
    runtime = sum(size for u, size in sizes if "/assets/pyodide/" in u or "/assets/picker/" in u)
    long_ms = sum(duration for start, duration in tasks if start < window_s * 1000)
    return sum(size for _, size in sizes), runtime, long_ms


def build_time(work: Path) -> float:
    dest = work / "build-timing"
    build_site(dest)  # warm the caches
    start = time.perf_counter()
    result = build_site(dest)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"build failed:\n{result.stderr}")
    return elapsed


def summary(values: list[float]) -> tuple[float, float, float]:
    return statistics.median(values), min(values), max(values)


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--changes", type=int, default=50)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    chromium = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"

    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        work = Path(tmp)
        site = prepare_site(work)
        figures: dict[str, dict[str, list[float]]] = {"ours": {}, "baseline": {}, "floor": {}}
        latencies: list[float] = []
        with static_host(site) as base, sync_playwright() as pw:
            profiles = iter(range(10_000))
            settled: list[float] = []  # seconds each new browser took to go quiet

            def fresh_context():
                profile = work / f"profile-{next(profiles)}"
                context = pw.chromium.launch_persistent_context(
                    str(profile), executable_path=chromium, args=CHROMIUM_ARGS, headless=True,
                    viewport={"width": 1280, "height": 900},
                )
                context.add_init_script(LONGTASK_PROBE)
                settled.append(settle())
                return context

            urls = {"ours": f"{base}{WIDGET_PAGE}{QUERY}", "baseline": f"{base}/{BASELINE_DIR}index.html",
                    "floor": f"{base}/{FLOOR_DIR}index.html"}
            variants = ["ours", "baseline", "floor"]
            for run in range(args.runs):
                # Interleaved, so a busy moment of the shared machine hits all alike.
                for variant in variants[run % 3:] + variants[:run % 3]:
                    context = fresh_context()
                    first = visit(context, urls[variant])
                    first["page"].close()
                    repeat = visit(context, urls[variant])
                    for key, value in (("first_s", first["answer_s"]), ("repeat_s", repeat["answer_s"]),
                                       ("first_long_ms", first["long_ms"]), ("repeat_long_ms", repeat["long_ms"]),
                                       ("first_bytes", first["bytes"]), ("repeat_bytes", repeat["bytes"])):
                        figures[variant].setdefault(key, []).append(value)
                    if variant == "ours":
                        if None in (first["booting_long_ms"], repeat["booting_long_ms"],
                                    first["phases"], repeat["phases"]):
                            sys.exit("our picker page set no picker:worker or picker:ready mark: see "
                                     "Runtime.start_script in overrides/hooks/picker_build.py and picker.js")
                        figures["ours"].setdefault("repeat_from", []).append(repeat["snapshot_from"])
                        for key, value in (("first_booting_long_ms", first["booting_long_ms"]),
                                           ("repeat_booting_long_ms", repeat["booting_long_ms"])):
                            figures["ours"].setdefault(key, []).append(value)
                        for visited, measured in (("first", first), ("repeat", repeat)):
                            for phase, ms in zip(("to_worker", "in_worker", "to_answer"), measured["phases"]):
                                figures["ours"].setdefault(f"{visited}_{phase}_ms", []).append(ms)
                    if variant == "ours" and run == 0:
                        latencies = change_latency(repeat["page"], args.changes)
                    context.close()
                # Material alone, over as long as our first answer took in this run.
                plain_total, plain_runtime, plain_long = plain_page(
                    fresh_context, f"{base}{PLAIN_PAGE}", figures["ours"]["first_s"][-1])
                figures.setdefault("plain", {}).setdefault("long_ms", []).append(plain_long)
                figures["plain"].setdefault("runtime_bytes", []).append(plain_runtime)
                print(f"run {run + 1}/{args.runs}: ours {figures['ours']['first_s'][-1]:.2f} s / "
                      f"{figures['ours']['repeat_s'][-1]:.2f} s, baseline {figures['baseline']['first_s'][-1]:.2f} s / "
                      f"{figures['baseline']['repeat_s'][-1]:.2f} s", file=sys.stderr)
            plain_runtime = max(figures["plain"]["runtime_bytes"])  # any Pyodide byte on any run fails
        build_s = build_time(work)

    return report(figures, latencies, plain_total, plain_runtime, build_s, settled, args)


def report(figures, latencies, plain_total, plain_runtime, build_s, settled, args) -> int:
    ours, base = figures["ours"], figures["baseline"]
    med = {v: {k: statistics.median(x) for k, x in figures[v].items() if k != "repeat_from"} for v in ("ours", "baseline")}
    ratio_first = med["ours"]["first_s"] / med["baseline"]["first_s"]
    ratio_repeat = med["ours"]["repeat_s"] / med["baseline"]["repeat_s"]
    change_p95 = p95(latencies)
    rows = []

    def row(name, values, unit, fmt, target=None, ok=None):
        m, lo, hi = summary(values)
        verdict = "" if ok is None else ("  ok" if ok else "  MISSED")
        tgt = f"  (target {target})" if target else ""
        rows.append(f"{name:<40}{m:{fmt}} {unit}  [{lo:{fmt}}–{hi:{fmt}}]{tgt}{verdict}")

    def phases(visited):
        to_worker, in_worker, to_answer = (med["ours"][f"{visited}_{phase}_ms"]
                                           for phase in ("to_worker", "in_worker", "to_answer"))
        rows.append(f"{'  worker start + Python + answer':<40}{to_worker:.0f} + {in_worker:.0f} + "
                    f"{to_answer:.0f} ms (medians)")

    print(f"\nPlan picker benchmark — {args.runs} fresh profiles per figure, {platform.machine()}, "
          f"{os.cpu_count()} cores, Chromium {os.environ.get('CHROMIUM_VERSION', '')}".rstrip())
    unsettled = sum(waited >= SETTLE_LIMIT_S for waited in settled)
    print(f"median [min–max]; each new browser was left to finish starting before its first visit "
          f"({statistics.median(settled):.1f} s [{min(settled):.1f}–{max(settled):.1f}]"
          f"{f'; {unsettled} never went quiet within {SETTLE_LIMIT_S:.0f} s' if unsettled else ''})\n")
    row("first visit, ours", ours["first_s"], "s", ".3f", "≤ 1.0 s", med["ours"]["first_s"] <= TARGETS["first_s"])
    row("first visit, stock baseline", base["first_s"], "s", ".3f")
    rows.append(f"{'first visit, ours ÷ baseline':<40}{ratio_first:.2f}×  (target ≤ 0.5×)"
                f"{'  ok' if ratio_first <= TARGETS['first_ratio'] else '  MISSED'}")
    phases("first")
    row("  our worker alone on an empty page", figures["floor"]["first_s"], "s", ".3f")
    row("repeat visit, ours", ours["repeat_s"], "s", ".3f", "≤ 0.5 s", med["ours"]["repeat_s"] <= TARGETS["repeat_s"])
    row("repeat visit, stock baseline", base["repeat_s"], "s", ".3f")
    rows.append(f"{'repeat visit, ours ÷ baseline':<40}{ratio_repeat:.2f}×  (target ≤ 0.4×)"
                f"{'  ok' if ratio_repeat <= TARGETS['repeat_ratio'] else '  MISSED'}")
    phases("repeat")
    row("  our worker alone on an empty page", figures["floor"]["repeat_s"], "s", ".3f")
    kept = ours["repeat_from"].count("kept")
    rows.append(f"{'  repeat visits, snapshot kept':<40}{kept} of {len(ours['repeat_from'])}")
    row("main-thread long tasks, first", ours["first_long_ms"], "ms", ".0f", "0 ms", max(ours["first_long_ms"]) == 0)
    row("main-thread long tasks, repeat", ours["repeat_long_ms"], "ms", ".0f", "0 ms", max(ours["repeat_long_ms"]) == 0)
    row("  of which while Python starts, first", ours["first_booting_long_ms"], "ms", ".0f", "0 ms",
        max(ours["first_booting_long_ms"]) == 0)
    row("  of which while Python starts, repeat", ours["repeat_booting_long_ms"], "ms", ".0f", "0 ms",
        max(ours["repeat_booting_long_ms"]) == 0)
    row("  same time, page without picker", figures["plain"]["long_ms"], "ms", ".0f")
    row("  baseline long tasks, first", base["first_long_ms"], "ms", ".0f")
    rows.append(f"{f'change latency ({len(latencies)} changes)':<40}median {statistics.median(latencies):.1f} ms, "
                f"p95 {change_p95:.1f} ms  (target p95 ≤ 16 ms){'  ok' if change_p95 <= 16 else '  MISSED'}")
    row("bytes, widget page, first visit", [b / 1e6 for b in ours["first_bytes"]], "MB", ".2f")
    row("bytes, widget page, repeat visit", [b / 1e6 for b in ours["repeat_bytes"]], "MB", ".2f")
    row("  baseline bytes, first visit", [b / 1e6 for b in base["first_bytes"]], "MB", ".2f")
    rows.append(f"{'bytes, page without widget':<40}{plain_total / 1e3:.0f} kB, of which Pyodide {plain_runtime} B"
                f"  (target 0 B){'  ok' if plain_runtime == 0 else '  MISSED'}")
    rows.append(f"{'build, second run (warm)':<40}{build_s:.1f} s  (target ≤ 10 s){'  ok' if build_s <= 10 else '  MISSED'}")
    print("\n".join(rows))
    if args.json:
        args.json.write_text(json.dumps({"figures": figures, "change_ms": latencies, "plain_bytes": plain_total,
                                         "plain_runtime_bytes": plain_runtime, "build_s": build_s}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
