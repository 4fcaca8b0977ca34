"""`make bench`: how fast the plan picker answers where customers are, against stock
Pyodide in the same run.

For each link (127.0.0.1, and two shaped by the host itself: "cable", 30 Mbit/s with a
20 ms round trip, and "4G", 9 Mbit/s with 60 ms, DevTools' Fast 4G; see Link in
tests/static_host.py), RUNS fresh browser profiles per variant, interleaved:
  first visit   navigation start → first Python answer in the page, deep link, new profile
                (in a browser that has finished starting: see settle())
  repeat visit  the same, in the same profile after that first visit
  bytes         what the host sent for each visit (counted at the host, so the worker's
                downloads count too), headers included
  no answer     visits that ended without an answer within VISIT_LIMIT_S
  floor         the compressed wasm and its loader alone over that link (computed: their
                bytes at the link's rate, plus one round trip), which no variant can beat
  ratio         ours ÷ stock of the medians, against the issue's targets; beside it each run
                pair's ratio (run i's ours ÷ run i's stock): their median [min–max]
  kept          what our picker leaves on the device after its first answer, in a profile of
                its own per link: Cache Storage by cache (bodies as the page reads them), the
                origin's usage as Chromium counts it, and the HTTP cache's folder on disk;
                against the issue's aim (not a target: it fails nothing)
The exit status is 1 when a target was missed, and the last line says how many.
On 127.0.0.1 also: main-thread long tasks while Python starts (from the worker's start to
the answer), change → new answer (50 changes), Pyodide bytes on a page without the picker,
and a warm `mkdocs build`.
The baseline is stock Pyodide from the same npm package: main thread, default options,
its own python_stdlib.zip and lock file, installing the widget as a wheel built with
`python -m build`.
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
from static_host import Link, static_host  # noqa: E402
from support import ROOT, build_site, picker_boot  # noqa: E402

QUERY = "?plan=business&priority=2"
WIDGET_PAGE = "/en/picker/"
PLAIN_PAGE = "/en/support-hours/"
BASELINE_DIR = "assets/pyodide/stock-baseline/"  # under /assets/pyodide/: cached like our runtime
VISIT_LIMIT_S = 60
LINKS = [None, Link("cable", 30, 0.020), Link("4G", 9, 0.060)]
# The targets, per link: first-visit ratio, repeat-visit ratio, first-visit MB.
TARGETS = {"127.0.0.1": (0.45, 0.5, None), "cable": (0.6, 0.5, 5.5), "4G": (0.7, 0.5, 5.5)}
KEPT_AIM_MB = 12  # the aim for what the device keeps after the first answer (printed, not counted)
RUNTIME_CACHE = "plan-picker-runtime"  # offline_sw.js keeps the picker's runtime here
RUNTIME_FILES = 4  # pyodide.mjs, pyodide.asm.mjs, pyodide.asm.wasm and the Python archive
RUNTIME_KEPT_LIMIT_S = 60  # the worker first finishes its own install (every page) over the link

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


def prepare_site(work: Path) -> tuple[Path, dict]:
    """A fresh build, with the stock runtime and the widget's wheel copied beside ours for
    the baseline; and the picker page's boot settings."""
    site = work / "site"
    result = build_site(site)
    if result.returncode != 0:
        sys.exit(f"build failed:\n{result.stderr}")
    stock = site / BASELINE_DIR
    shutil.copytree(ROOT / "node_modules/pyodide", stock, ignore=shutil.ignore_patterns("*.map", "*.d.ts", "*.html"))
    wheels = work / "wheel"
    built = subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(wheels),
                            str(ROOT / "widget")], capture_output=True, text=True, env={**os.environ,
                           "SOURCE_DATE_EPOCH": "315532800"})
    if built.returncode != 0:
        sys.exit(f"building the widget's wheel failed:\n{built.stdout}{built.stderr}")
    wheel = next(wheels.glob("support_policy-*.whl"))
    shutil.copy(wheel, stock / wheel.name)
    (stock / "index.html").write_text(BASELINE_HTML, encoding="utf-8")
    (stock / "baseline.js").write_text(BASELINE_JS.replace("WHEEL", wheel.name), encoding="utf-8")
    boot = picker_boot((site / WIDGET_PAGE.strip("/") / "index.html").read_text(encoding="utf-8"))
    if not boot:
        sys.exit(f"{WIDGET_PAGE} has no picker-boot settings: see Runtime.head in overrides/hooks/picker_build.py")
    return site, boot


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


def marks(page, name: str) -> list:
    return page.evaluate(f"performance.getEntriesByName({json.dumps(name)}).map((m) => [m.startTime, m.detail])")


def quiet_network(host, settle_s: float = 0.5, limit_s: float = 10.0) -> None:
    """Until the host has sent nothing for `settle_s` (so a visit's bytes are all counted)."""
    start, last, since = time.monotonic(), host.bytes_sent, time.monotonic()
    while time.monotonic() - start < limit_s:
        time.sleep(0.1)
        if host.bytes_sent != last:
            last, since = host.bytes_sent, time.monotonic()
        elif time.monotonic() - since >= settle_s:
            return


def visit(context, host, url: str, ours: bool) -> dict:
    """Load url in a new tab of `context`: time to the first answer (None if there was none
    within VISIT_LIMIT_S), the host's bytes for it, long tasks while Python started."""
    page = context.new_page()
    before = host.bytes_sent
    page.goto(url, wait_until="commit")
    answer = page.locator("#answer .pp-answer__title, [data-pp-answer] .pp-answer__title").first
    try:
        answer.wait_for(timeout=VISIT_LIMIT_S * 1000)
    except Exception:  # noqa: BLE001 (Playwright's TimeoutError): counted as a visit without an answer
        answered = None
    else:
        answered = marks(page, "picker:first-answer")[0][0]
    result = {"answer_s": None if answered is None else answered / 1000, "page": page}
    if ours and answered is not None:
        for _ in range(100):  # the snapshot for the next visit is made after the answer
            if marks(page, "picker:kept"):
                break
            time.sleep(0.1)
        started = marks(page, "picker:worker")
        tasks = page.evaluate("window.__longtasks")
        result["booting_long_ms"] = sum(max(0.0, min(start + duration, answered) - max(start, started[0][0]))
                                        for start, duration in tasks) if started else None
        result["source"] = marks(page, "picker:ready")[0][1]["source"]
    quiet_network(host)
    result["bytes"] = host.bytes_sent - before
    return result


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


def plain_page_runtime_bytes(context, host, url: str) -> int:
    """Bytes of Pyodide or of the picker's archive that a page without the picker fetched."""
    page = context.new_page()
    served = len(host.served)
    page.goto(url)
    page.wait_for_load_state("networkidle")
    quiet_network(host)
    page.close()
    return sum(1 for path in host.served[served:] if "/assets/pyodide/" in path or path.endswith(".zip"))


# ─── what the device keeps after the first answer ─────────────────────────────

# Entries and body bytes of every Cache Storage cache of the page's origin (a kept body is
# stored as the page reads it: inflated).
CACHE_STORAGE = """async () => {
  const kept = {};
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    const requests = await cache.keys();
    let bytes = 0;
    for (const request of requests) {
      bytes += (await (await cache.match(request, { ignoreVary: true })).arrayBuffer()).byteLength;
    }
    kept[name] = { entries: requests.length, bytes };
  }
  return kept;
}"""
# How many files the runtime's cache holds, without creating it.
RUNTIME_ENTRIES = """async (name) => (await caches.has(name)) ? (await (await caches.open(name)).keys()).length : 0"""


def wait_runtime_kept(page) -> int:
    """Entries in the runtime's cache once it holds RUNTIME_FILES, or after RUNTIME_KEPT_LIMIT_S:
    the service worker keeps them only after `picker:kept`, once its own install is done."""
    deadline = time.monotonic() + RUNTIME_KEPT_LIMIT_S
    while (entries := page.evaluate(RUNTIME_ENTRIES, RUNTIME_CACHE)) < RUNTIME_FILES and time.monotonic() < deadline:
        time.sleep(0.2)
    return entries


def origin_usage(context, page, origin: str) -> dict:
    """Chromium's own count of the origin's storage (what it weighs against the quota), by type."""
    usage = context.new_cdp_session(page).send("Storage.getUsageAndQuota", {"origin": origin})
    return {"usage": usage["usage"], **{part["storageType"]: part["usage"] for part in usage["usageBreakdown"]}}


def folder_bytes(folder: Path) -> int:
    """Bytes of the files below `folder` (their length, not the blocks they take), 0 if missing."""
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file()) if folder.is_dir() else 0


def http_cache_folder(profile: Path) -> Path:
    """The profile's HTTP cache (Chromium on Linux: Default/Cache/Cache_Data); the first
    Cache_Data found elsewhere in the profile if a version moves it."""
    usual = profile / "Default" / "Cache" / "Cache_Data"
    return usual if usual.is_dir() else next(profile.rglob("Cache_Data"), usual)


def kept_on_device(context, profile: Path, host, url: str) -> dict:
    """Our first visit in `context` (a new profile), then what the device keeps: measured
    apart from the timed runs, so that waiting for the worker changes none of their figures."""
    first = visit(context, host, url, True)
    page = first["page"]
    kept = {"origin": host.rstrip("/"), "answered": first["answer_s"] is not None,
            "picker_kept": bool(marks(page, "picker:kept")),
            "runtime_entries": wait_runtime_kept(page)}
    quiet_network(host)
    kept["caches"] = page.evaluate(CACHE_STORAGE)
    kept["origin_usage"] = origin_usage(context, page, kept["origin"])
    context.close()  # the HTTP cache's index and last entries are written by now
    cache_folder = http_cache_folder(profile)
    kept["http_cache"] = {"folder": cache_folder.relative_to(profile).as_posix(), "bytes": folder_bytes(cache_folder)}
    kept["total_bytes"] = sum(cache["bytes"] for cache in kept["caches"].values()) + kept["http_cache"]["bytes"]
    return kept


def build_time(work: Path) -> float:
    dest = work / "build-timing"
    build_site(dest)  # warm the caches
    start = time.perf_counter()
    result = build_site(dest)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"build failed:\n{result.stderr}")
    return elapsed


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def floor_s(link: Link | None, boot: dict) -> float | None:
    """The compressed wasm and its loader alone over `link`: bytes at its rate, one round trip."""
    if link is None:
        return None
    wire = sum(d["wire"] for d in boot["downloads"] if d["url"].endswith(("pyodide.asm.wasm", "pyodide.asm.mjs")))
    return wire / (link.mbit_s * 1e6 / 8) + link.rtt_s


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--changes", type=int, default=50)
    parser.add_argument("--links", default="127.0.0.1,cable,4G", help="which links, comma-separated")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    chromium = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    wanted = args.links.split(",")
    links = [link for link in LINKS if (link.name if link else "127.0.0.1") in wanted]

    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        work = Path(tmp)
        site, boot = prepare_site(work)
        figures: dict[str, dict] = {}
        latencies: list[float] = []
        plain_runtime = None
        settled: list[float] = []  # seconds each new browser took to go quiet
        with sync_playwright() as pw:
            profiles = iter(range(10_000))

            def new_profile() -> Path:
                return work / f"profile-{next(profiles)}"

            def fresh_context(profile: Path | None = None):
                context = pw.chromium.launch_persistent_context(
                    str(profile or new_profile()), executable_path=chromium, args=CHROMIUM_ARGS,
                    headless=True, viewport={"width": 1280, "height": 900},
                )
                context.add_init_script(LONGTASK_PROBE)
                settled.append(settle())
                return context

            for link in links:
                name = link.name if link else "127.0.0.1"
                figures[name] = {"ours": {}, "stock": {}, "floor_s": floor_s(link, boot)}
                with static_host(site, link=link) as host:
                    urls = {"ours": f"{host}{WIDGET_PAGE}{QUERY}", "stock": f"{host}/{BASELINE_DIR}index.html"}
                    for run in range(args.runs):
                        # Interleaved, so a busy moment of the shared machine hits both alike.
                        for variant in (("ours", "stock") if run % 2 == 0 else ("stock", "ours")):
                            context = fresh_context()
                            first = visit(context, host, urls[variant], variant == "ours")
                            first["page"].close()
                            repeat = visit(context, host, urls[variant], variant == "ours")
                            measured = figures[name][variant]
                            for visited, result in (("first", first), ("repeat", repeat)):
                                for key in ("answer_s", "bytes", "booting_long_ms", "source"):
                                    if key in result:
                                        measured.setdefault(f"{visited}_{key}", []).append(result[key])
                            if variant == "ours" and link is None and run == 0 and repeat["answer_s"]:
                                latencies = change_latency(repeat["page"], args.changes)
                            context.close()
                        got = figures[name]
                        print(f"{name} run {run + 1}/{args.runs}: ours {got['ours']['first_answer_s'][-1]} / "
                              f"{got['ours']['repeat_answer_s'][-1]} s, stock {got['stock']['first_answer_s'][-1]} / "
                              f"{got['stock']['repeat_answer_s'][-1]} s", file=sys.stderr)
                    profile = new_profile()
                    figures[name]["kept"] = kept_on_device(fresh_context(profile), profile, host, urls["ours"])
                    if link is None:
                        context = fresh_context()
                        plain_runtime = plain_page_runtime_bytes(context, host, f"{host}{PLAIN_PAGE}")
                        context.close()
        build_s = build_time(work)

    return report(figures, latencies, plain_runtime, build_s, settled, args)


def _median(values: list) -> float | None:
    answered = [v for v in values if v is not None]
    return statistics.median(answered) if answered else None


def run_ratios(got: dict, visited: str) -> list[float]:
    """Run i's ours ÷ run i's stock, for each run where both answered: how much the ratio moves
    from one interleaved pair to the next."""
    pairs = zip(got["ours"][f"{visited}_answer_s"], got["stock"][f"{visited}_answer_s"])
    return [ours / stock for ours, stock in pairs if ours and stock]


# Median [min–max] rather than the interquartile range: with five runs (the default) the
# quartiles are interpolated between the 2nd and 4th values, while min–max shows every run's
# extremes; a change between two bench runs smaller than these spreads is within the noise.
def spread(values: list[float]) -> str:
    """median [min–max] of the run pairs' ratios, '—' without a pair that both answered."""
    return f"{statistics.median(values):.2f} [{min(values):.2f}–{max(values):.2f}]" if values else "—"


def report(figures, latencies, plain_runtime, build_s, settled, args) -> int:
    print(f"\nPlan picker benchmark — {args.runs} fresh profiles per figure and link, {platform.machine()}, "
          f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
    unsettled = sum(waited >= SETTLE_LIMIT_S for waited in settled)
    print(f"medians; each new browser was left to finish starting before its first visit "
          f"({statistics.median(settled):.1f} s [{min(settled):.1f}–{max(settled):.1f}]"
          f"{f'; {unsettled} never went quiet within {SETTLE_LIMIT_S:.0f} s' if unsettled else ''})\n")
    checks = report_links(figures)
    local = figures.get("127.0.0.1")
    if local:
        print()
        checks += report_local(local, latencies, plain_runtime)
    print(f"{'build, second run (warm)':<48}{build_s:.1f} s  (target ≤ 10 s){'  ok' if build_s <= 10 else '  MISSED'}")
    checks.append(("build", build_s <= 10))
    report_kept(figures)
    if args.json:
        args.json.write_text(json.dumps({"figures": figures, "change_ms": latencies,
                                         "plain_runtime_files": plain_runtime, "build_s": build_s}, indent=1))
    missed = [name for name, ok in checks if not ok]
    print(f"\nmake bench: {len(missed)} of {len(checks)} targets missed ({', '.join(missed)})" if missed
          else f"\nmake bench: all {len(checks)} targets met")
    return 1 if missed else 0


def report_links(figures) -> list[tuple[str, bool]]:
    """The table, one row per link and visit; returns each row's (name, target met)."""
    header = (f"{'link':<10}{'visit':<8}{'ours':>8}{'stock':>8}{'ratio':>8}{'run pairs':>19}{'target':>9}  "
              f"{'MB ours':>8}{'MB stock':>9}{'no answer':>11}{'floor':>8}")
    print(header)
    print("-" * len(header))
    checks = []
    for name, got in figures.items():
        first_target, repeat_target, mb_target = TARGETS[name]
        for visited, target in (("first", first_target), ("repeat", repeat_target)):
            ours, stock = (_median(got[v][f"{visited}_answer_s"]) for v in ("ours", "stock"))
            ratio = ours / stock if ours and stock else None
            mb = [_median(got[v][f"{visited}_bytes"]) / 1e6 for v in ("ours", "stock")]
            failures = sum(value is None for v in ("ours", "stock") for value in got[v][f"{visited}_answer_s"])
            ok = ratio is not None and ratio <= target and (mb_target is None or visited != "first" or mb[0] <= mb_target)
            checks.append((f"{name} {visited} visit", ok))
            floor = got["floor_s"]
            print(f"{name:<10}{visited:<8}{ours or float('nan'):>7.2f}s{stock or float('nan'):>7.2f}s"
                  f"{ratio or float('nan'):>7.2f}×{spread(run_ratios(got, visited)):>19}"
                  f"{'≤ ' + format(target, '.2f') + '×':>9}  {mb[0]:>8.2f}{mb[1]:>9.2f}"
                  f"{failures:>11}{'' if floor is None or visited == 'repeat' else format(floor, '.2f') + 's':>8}"
                  f"  {'ok' if ok else 'MISSED'}")
        if mb_target:
            print(f"{'':<18}first-visit bytes target, ours: ≤ {mb_target} MB")
    print(f"{'':<18}run pairs: run i's ours ÷ run i's stock, median [min–max] of the runs where both answered")
    return checks


def report_local(local, latencies, plain_runtime) -> list[tuple[str, bool]]:
    """What only 127.0.0.1 measures; returns each line's (name, target met)."""
    long_ms = [ms for key in ("first_booting_long_ms", "repeat_booting_long_ms")
               for ms in local["ours"].get(key, []) if ms is not None]
    sources = local["ours"].get("repeat_source", [])
    with_any = [ms for ms in long_ms if ms > 0]
    print(f"{'main-thread long tasks while Python starts':<48}in {len(with_any)} of {len(long_ms)} visits"
          f"{f', {sorted(round(ms) for ms in with_any)} ms' if with_any else ''}  (target 0 ms)"
          f"{'  ok' if not with_any else '  MISSED'}")
    checks = [("long tasks", not with_any)]
    print(f"{'repeat visits from the snapshot kept in the browser':<48}{sources.count('snapshot')} of "
          f"{len(sources)}")
    if latencies:
        change_p95 = p95(latencies)
        print(f"{f'change → new answer ({len(latencies)} changes)':<48}median {statistics.median(latencies):.1f} ms, "
              f"p95 {change_p95:.1f} ms  (target p95 ≤ 16 ms){'  ok' if change_p95 <= 16 else '  MISSED'}")
        checks.append(("change → new answer", change_p95 <= 16))
    print(f"{'Pyodide files fetched by a page without the picker':<48}{plain_runtime}  (target 0)"
          f"{'  ok' if plain_runtime == 0 else '  MISSED'}")
    checks.append(("Pyodide on a page without the picker", plain_runtime == 0))
    return checks


def _mb(size: float) -> str:
    return f"{size / 1e6:.1f}"


def kept_lines(kept: dict, origin: str) -> list[str]:
    """One link's device share as printed lines; the origin (its port differs per link) is left
    out of the names, so that links that keep the same can share one block."""
    lines = []
    if not (kept["answered"] and kept["picker_kept"]):
        lines.append(f"  (the first visit {'had no picker:kept mark' if kept['answered'] else 'had no answer'})")
    if kept["runtime_entries"] < RUNTIME_FILES:
        lines.append(f"  ({RUNTIME_CACHE} held {kept['runtime_entries']} of {RUNTIME_FILES} files "
                     f"after {RUNTIME_KEPT_LIMIT_S} s)")
    for name, cache in sorted(kept["caches"].items()):
        lines.append(f"  {'Cache Storage ' + name.replace(origin, '(origin)'):<56}{cache['entries']:>8}{_mb(cache['bytes']):>8}")
    lines.append(f"  {'HTTP cache, ' + kept['http_cache']['folder'] + ' on disk':<56}{'':>8}"
                 f"{_mb(kept['http_cache']['bytes']):>8}")
    over = kept["total_bytes"] > KEPT_AIM_MB * 1e6
    lines.append(f"  {'total (Cache Storage + HTTP cache)':<56}{'':>8}{_mb(kept['total_bytes']):>8}"
                 f"  (aim ≤ {KEPT_AIM_MB} MB; an aim, not a target{': over it' if over else ''})")
    usage = kept["origin_usage"]
    parts = ", ".join(f"{kind} {_mb(size)}" for kind, size in usage.items() if kind != "usage" and size)
    lines.append(f"  origin's usage by Chromium's count (Storage.getUsageAndQuota): {_mb(usage['usage'])} MB"
                 f"{f' ({parts})' if parts else ''}")
    return lines


def report_kept(figures) -> None:
    """What our picker leaves on the device after its first answer: one block per group of
    links that keep the same, to 0.1 MB."""
    blocks: dict[tuple[str, ...], list[str]] = {}
    for name, got in figures.items():
        if "kept" in got:
            blocks.setdefault(tuple(kept_lines(got["kept"], got["kept"]["origin"])), []).append(name)
    for lines, names in blocks.items():
        print(f"\nkept on the device after the first answer, ours ({', '.join(names)}; MB = 10⁶ bytes)")
        print(f"  {'':<56}{'entries':>8}{'MB':>8}")
        print("\n".join(lines))


if __name__ == "__main__":
    sys.exit(main())
