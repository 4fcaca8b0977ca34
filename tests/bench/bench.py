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
  ratio         ours ÷ stock of the medians, against the issue's targets
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

            def fresh_context():
                context = pw.chromium.launch_persistent_context(
                    str(work / f"profile-{next(profiles)}"), executable_path=chromium, args=CHROMIUM_ARGS,
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
                    if link is None:
                        context = fresh_context()
                        plain_runtime = plain_page_runtime_bytes(context, host, f"{host}{PLAIN_PAGE}")
                        context.close()
        build_s = build_time(work)

    return report(figures, latencies, plain_runtime, build_s, settled, args)


def _median(values: list) -> float | None:
    answered = [v for v in values if v is not None]
    return statistics.median(answered) if answered else None


def report(figures, latencies, plain_runtime, build_s, settled, args) -> int:
    print(f"\nPlan picker benchmark — {args.runs} fresh profiles per figure and link, {platform.machine()}, "
          f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
    unsettled = sum(waited >= SETTLE_LIMIT_S for waited in settled)
    print(f"medians; each new browser was left to finish starting before its first visit "
          f"({statistics.median(settled):.1f} s [{min(settled):.1f}–{max(settled):.1f}]"
          f"{f'; {unsettled} never went quiet within {SETTLE_LIMIT_S:.0f} s' if unsettled else ''})\n")
    header = (f"{'link':<10}{'visit':<8}{'ours':>8}{'stock':>8}{'ratio':>8}{'target':>9}  "
              f"{'MB ours':>8}{'MB stock':>9}{'no answer':>11}{'floor':>8}")
    print(header)
    print("-" * len(header))
    missed = 0
    for name, got in figures.items():
        first_target, repeat_target, mb_target = TARGETS[name]
        for visited, target in (("first", first_target), ("repeat", repeat_target)):
            ours, stock = (_median(got[v][f"{visited}_answer_s"]) for v in ("ours", "stock"))
            ratio = ours / stock if ours and stock else None
            mb = [_median(got[v][f"{visited}_bytes"]) / 1e6 for v in ("ours", "stock")]
            failures = sum(value is None for v in ("ours", "stock") for value in got[v][f"{visited}_answer_s"])
            ok = ratio is not None and ratio <= target and (mb_target is None or visited != "first" or mb[0] <= mb_target)
            missed += not ok
            floor = got["floor_s"]
            print(f"{name:<10}{visited:<8}{ours or float('nan'):>7.2f}s{stock or float('nan'):>7.2f}s"
                  f"{ratio or float('nan'):>7.2f}×{'≤ ' + format(target, '.2f') + '×':>9}  {mb[0]:>8.2f}{mb[1]:>9.2f}"
                  f"{failures:>11}{'' if floor is None or visited == 'repeat' else format(floor, '.2f') + 's':>8}"
                  f"  {'ok' if ok else 'MISSED'}")
        if mb_target:
            print(f"{'':<18}first-visit bytes target, ours: ≤ {mb_target} MB")
    local = figures.get("127.0.0.1")
    if local:
        print()
        long_ms = [ms for key in ("first_booting_long_ms", "repeat_booting_long_ms")
                   for ms in local["ours"].get(key, []) if ms is not None]
        sources = local["ours"].get("repeat_source", [])
        with_any = [ms for ms in long_ms if ms > 0]
        print(f"{'main-thread long tasks while Python starts':<48}in {len(with_any)} of {len(long_ms)} visits"
              f"{f', {sorted(round(ms) for ms in with_any)} ms' if with_any else ''}  (target 0 ms)"
              f"{'  ok' if not with_any else '  MISSED'}")
        print(f"{'repeat visits from the snapshot kept in the browser':<48}{sources.count('snapshot')} of "
              f"{len(sources)}")
        if latencies:
            change_p95 = p95(latencies)
            print(f"{f'change → new answer ({len(latencies)} changes)':<48}median {statistics.median(latencies):.1f} ms, "
                  f"p95 {change_p95:.1f} ms  (target p95 ≤ 16 ms){'  ok' if change_p95 <= 16 else '  MISSED'}")
        print(f"{'Pyodide files fetched by a page without the picker':<48}{plain_runtime}  (target 0)"
              f"{'  ok' if plain_runtime == 0 else '  MISSED'}")
    print(f"{'build, second run (warm)':<48}{build_s:.1f} s  (target ≤ 10 s){'  ok' if build_s <= 10 else '  MISSED'}")
    if args.json:
        args.json.write_text(json.dumps({"figures": figures, "change_ms": latencies,
                                         "plain_runtime_files": plain_runtime, "build_s": build_s}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
