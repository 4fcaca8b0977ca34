"""`make audit`: Lighthouse on every page of both languages, served as a real host would.

`make audit-ci` (what CI runs) is the part of it that noise cannot fail: see ci_main below.

Accessibility, best practices and SEO must score 100 on every page, mobile and
desktop, and so must desktop performance. Mobile performance must be no worse than
the page's twin in stock Material, less NOISE. The widget pages are audited through
a deep link, so the picker answers during the run. Prints one row per page and, for
anything under 100, the audits that cost points.

The twin: each page's built article, alone, in a site of stock Material configured
as our mkdocs.yml configures the theme (palette, features, no web fonts), in the
page's language, with the search plugin and nothing of ours in the browser: no
templates, stylesheets, scripts, CSP or picker runtime (the picker's form is there,
inert). Its navigation lists that language's twins, and it has its page's table of
contents (twin_toc.py, a hook of the twins' build: Markdown's toc does not read the raw
HTML of a twin). So the gate measures what our own code adds to a page, and fails a
page that costs more than NOISE points over its twin, e.g.
anything that puts real work on the main thread.

Why mobile performance is judged against a twin and not against 100 (a relaxation of
the issue's bar, on purpose): on this 2-core host stock Material itself scores 94-100 at
Lighthouse's default 4x CPU slowdown, from run to run. The theme's bundle costs
100-250 ms of main thread on every page (observed), which mobile throttling multiplies
into Total Blocking Time; whether a task lands before or after the first paint swings
the score by up to 5 points. A fixed 100 would fail on the theme, not on our pages.

Two things follow Lighthouse's own guidance (docs/throttling.md, docs/variability.md):
- CPU slowdown calibrated to this host. Lighthouse's mobile preset slows the CPU 4x,
  which turns a high-end desktop (BenchmarkIndex 1500-2000) into a mid-tier phone. A
  weaker host needs less: its table gives 2x for a low-end desktop (1000-1500) and for a
  high-end phone (800-1200), 1x below that. The index is measured at the start of the run
  and printed with the multiplier it gives; --cpu-multiplier overrides it.
- Performance varies from run to run on a shared machine. Mobile: the twin and the page
  are audited back to back, so both see the same host. One pair decides only when the
  page scores at least its twin; otherwise three pairs are audited and their medians
  decide, or, if the page fails on three, the medians of MAX_PAIRS pairs. A twin under
  TWIN_FLOOR means a busy host: that page is not judged and the run fails, asking for
  another. Desktop: up to three runs, the median counts (the
  second and third are skipped when the first is 100 everywhere, the third when two
  agree).

Each run is Lighthouse's own command with a fresh Chrome, made by a Node process that
stays up between runs (lighthouse_runner.mjs, see Runner), and skips the full-page
screenshot, which only the HTML report shows.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import queue
import select
import shutil
import signal
import subprocess
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import yaml
from mkdocs.utils import yaml_load

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from browser.conftest import CHROMIUM_ARGS  # noqa: E402
from static_host import static_host  # noqa: E402
from support import PAGES, ROOT, build_site  # noqa: E402

CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
# Lighthouse's own command, run by a Node process that outlives the runs (see Runner).
RUNNER = Path(__file__).with_name("lighthouse_runner.mjs")
RUN_TIMEOUT_S = 300
# Points of mobile performance a page may fall under its twin. Measured here, same build,
# 4x (November 2026): stock Material pages of one article swing 94-100 from run to run;
# a page and its twin audited back to back differ by -4 to +3 points, -0.2 on average over
# the 20 pages (once the twins had their pages' tables of contents: before, the Russian
# /priority-levels/ lost 2-6 points to a twin 79 elements lighter). For scale: stock
# Pyodide booting on the main thread makes 4.5 s of long tasks (make bench), which would
# cost the picker pages tens of points.
NOISE = 0.05
# A twin under this says the host was too busy to audit, not that the theme is slow: the
# page is reported as not judged (and the run fails, asking for a run on an idle host).
TWIN_FLOOR = 0.90
# Most page/twin pairs audited for one page (see judge_mobile).
MAX_PAIRS = 5
# What of our theme section a stock Material site can take: not our templates or favicon.
NOT_STOCK = ("custom_dir", "favicon")


def twins_config(lang: str) -> str:
    """mkdocs.yml of one language's twins: our theme section as stock Material takes it."""
    theme = {key: value for key, value in yaml_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["theme"].items()
             if key not in NOT_STOCK}
    theme["language"] = lang  # its interface, <html lang> and search language, as on our pages
    config = {"site_name": f"Stock Material twins ({lang})", "site_url": f"https://twins.example.com/{lang}/",
              "theme": theme, "plugins": ["search"],
              # Build time only: each twin gets its page's table of contents (see the hook).
              "hooks": [str(Path(__file__).with_name("twin_toc.py"))]}
    return yaml.safe_dump(config, allow_unicode=True, sort_keys=False)


def twin_of(path: str) -> str:
    """Where a page's twin is in the twins' site: '/en/support-hours/' -> 'en/support-hours';
    '/?plan=...' -> 'ru/home'."""
    path = path.split("?")[0].strip("/")
    lang, _, page = path.partition("/") if path.split("/")[0] == "en" else ("ru", "", path)
    return f"{lang}/{(page.strip('/') or 'home').replace('/', '-')}"


def build_twins(site: Path, dest: Path) -> Path:
    """A stock Material site per language holding each page's built article as its twin,
    built side by side under one folder; returns that folder. Every page gets its twin,
    whatever is audited, so that a twin's navigation is as long as its page's."""
    for path in targets():
        lang, name = twin_of(path).split("/")
        docs = dest / lang / "docs"
        if not docs.is_dir():
            docs.mkdir(parents=True)
            (dest / lang / "mkdocs.yml").write_text(twins_config(lang), encoding="utf-8")
        source = site / path.split("?")[0].lstrip("/") / "index.html"
        html = source.read_text(encoding="utf-8")
        opening = html.find('<article class="md-content__inner')
        if opening < 0 or "</article>" not in html[opening:]:
            sys.exit(f"twins: no <article class=\"md-content__inner ...\"> in {source}; Material's page "
                     "markup changed: update build_twins in tests/audit/lighthouse.py")
        start = html.index(">", opening) + 1
        # Its links to our other pages are dead in the twins' site: no request follows them.
        article = html[start:html.index("</article>", start)]
        (docs / f"{name}.md").write_text(article, encoding="utf-8")
    for project in sorted(folder for folder in dest.iterdir() if folder.is_dir()):
        result = build_site(dest / "site" / project.name, project=project)
        if result.returncode != 0:
            sys.exit(f"build of the stock Material twins ({project.name}) failed:\n{result.stderr}")
    return dest / "site"


def targets() -> list[str]:
    paths = []
    for prefix in ("/", "/en/"):
        for page in PAGES:
            query = "?plan=business&priority=2" if page in ("", "picker/") else ""
            paths.append(f"{prefix}{page}{query}")
    return paths


class Runner:
    """A lighthouse_runner.mjs process: Lighthouse's command, run after run, each run with a
    fresh Chrome of its own, as the command makes it, but without starting Node and loading
    Lighthouse again for each (4-8 s of a 15 s run here). One run at a time."""

    def __init__(self) -> None:
        env = {**os.environ, "CHROME_PATH": os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"}
        self.stderr = tempfile.TemporaryFile()  # read only when a run fails; a pipe could fill up and stall it
        # A process group of its own, so that a Ctrl-C reaches Python alone, which then ends
        # its runners (see close).
        self.process = subprocess.Popen(["node", str(RUNNER)], cwd=ROOT, env=env, text=True, stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=self.stderr, start_new_session=True)

    def run(self, arguments: list[str], url: str) -> None:
        """One run of `lighthouse` with these arguments; raises if it fails or takes over RUN_TIMEOUT_S."""
        answer, ready = "", True
        try:
            self.process.stdin.write(json.dumps(arguments) + "\n")
            self.process.stdin.flush()
            ready = bool(select.select([self.process.stdout], [], [], RUN_TIMEOUT_S)[0])
            answer = self.process.stdout.readline() if ready else ""
        except BrokenPipeError:  # the process had ended
            pass
        if answer != "done\n":
            self.close(kill=True)
            said = self.said[-2000:]
            raise RuntimeError(f"lighthouse failed on {url}{'' if ready else f' (no answer in {RUN_TIMEOUT_S} s)'}:\n{said}")

    def close(self, kill: bool = False) -> None:
        """Ends the process: an idle one at the end of its input; with `kill`, in the middle
        of a run, by SIGINT, which chrome-launcher answers by killing the Chrome it launched
        before the process exits (that Chrome has a process group of its own, which killing
        the runner's group would leave running)."""
        with contextlib.suppress(OSError):
            self.process.stdin.close()
        if kill:
            self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        self.stderr.seek(0)
        self.said = self.stderr.read().decode(errors="replace")
        self.stderr.close()


# Runners not running anything. audit() takes one, or starts one if none is idle, so that
# audits in parallel threads each have their own, and gives it back.
_idle_runners: queue.SimpleQueue[Runner] = queue.SimpleQueue()


def close_runners() -> None:
    """Ends the idle runners; the next audit starts a new one."""
    while not _idle_runners.empty():
        _idle_runners.get().close()


@contextlib.contextmanager
def lighthouse_runners():
    """Ends, on the way out, the runners that the audits inside started."""
    try:
        yield
    finally:
        close_runners()


# What a run of ci_main's timing part does not need and Lighthouse would otherwise do: audits
# of the performance category that feed neither Total Blocking Time nor Cumulative Layout
# Shift. Speed Index (speedline over the trace's frames, half a second here) and the two
# screenshot audits only read the trace again; bf-cache navigates away and back once the
# trace has ended. None of them changes what is recorded while the page loads: the gatherers
# that run during the load stay those of the whole category.
NOT_METRICS = ["speed-index", "screenshot-thumbnails", "final-screenshot", "bf-cache"]


def audit(url: str, preset: str, out: Path, cpu_multiplier: float | None = None,
          categories: list[str] = CATEGORIES, unthrottled: bool = False, metrics_only: bool = False) -> dict:
    """Lighthouse's report on url; out is where it is written (a path for this run alone when
    runs go on in parallel). `metrics_only`: only TBT and CLS are read (see NOT_METRICS)."""
    flags = " ".join(["--headless=new", *CHROMIUM_ARGS])
    command = [url, "--quiet", "--output=json", f"--output-path={out}",
               f"--chrome-flags={flags}", f"--only-categories={','.join(categories)}",
               # The full page's screenshot is for the HTML report's pictures of elements, which
               # nothing here shows; Lighthouse takes it after the trace, so no measure changes.
               "--disable-full-page-screenshot"]
    if unthrottled:
        command.append("--throttling-method=provided")  # for the categories that do not time anything
    if preset == "desktop":
        command.append("--preset=desktop")  # no CPU slowdown to calibrate
    elif cpu_multiplier is not None:
        command.append(f"--throttling.cpuSlowdownMultiplier={cpu_multiplier:g}")
    if metrics_only:
        command.append(f"--skip-audits={','.join(NOT_METRICS)}")
    out.unlink(missing_ok=True)  # never the report of an earlier run
    try:
        runner = _idle_runners.get_nowait()
    except queue.Empty:
        runner = Runner()
    runner.run(command, url)  # a runner that fails is closed, not given back
    _idle_runners.put(runner)
    if not out.is_file():
        raise RuntimeError(f"lighthouse wrote no report for {url}")
    return json.loads(out.read_text(encoding="utf-8"))


def losses(report: dict) -> list[str]:
    """The weighted audits that scored under 1, as 'category: audit (value)'."""
    out = []
    for name in report["categories"]:
        for ref in report["categories"][name]["auditRefs"]:
            result = report["audits"][ref["id"]]
            if ref["weight"] > 0 and result["score"] is not None and result["score"] < 1:
                out.append(f"{name}: {ref['id']} {result.get('displayValue', '')}".rstrip())
    return out


def multiplier_for(benchmark_index: float) -> float:
    """The CPU slowdown that brings this host to Lighthouse's mid-tier phone (docs/throttling.md)."""
    if benchmark_index >= 1500:
        return 4.0
    if benchmark_index >= 800:
        return 2.0
    return 1.0


def scores(report: dict) -> list[float | None]:
    return [report["categories"][c]["score"] for c in CATEGORIES]


def performance(report: dict) -> float:
    return report["categories"]["performance"]["score"] or 0


def median_by_performance(reports: list[dict]) -> dict:
    """The report whose performance is the median (of two, the lower)."""
    return sorted(reports, key=performance)[(len(reports) - 1) // 2]


def median_report(url: str, preset: str, out: Path, cpu_multiplier: float) -> dict:
    """The report whose performance score is the median of up to three runs."""
    runs = []
    for _ in range(3):
        runs.append(audit(url, preset, out, cpu_multiplier))
        if (len(runs) == 1 and all(s == 1 for s in scores(runs[0]))) or (
                len(runs) == 2 and performance(runs[0]) == performance(runs[1])):
            break
    return median_by_performance(runs)  # of two runs, they agree


def judge_mobile(url: str, twin_url: str, out: Path, cpu_multiplier: float) -> tuple[dict, float, bool]:
    """(the page's median report, its twin's median performance, passed) for the mobile preset.
    Pairs are audited, twin then page, until the verdict is clear: one pair decides only when
    the page scores at least its twin and passes; three pairs when their medians pass; else the
    medians of MAX_PAIRS pairs decide, so that one slow moment of a shared host cannot fail a
    page. (Odd counts only: the page's and the twin's medians are then both a middle value.)"""
    pages, twins = [], []
    while len(pages) < MAX_PAIRS:
        twin_score = audit(twin_url, "mobile", out, cpu_multiplier)["categories"]["performance"]["score"]
        if twin_score is None:
            raise RuntimeError(f"lighthouse gave no performance score for the twin {twin_url}: see its report")
        twins.append(twin_score)
        pages.append(audit(url, "mobile", out, cpu_multiplier))
        report, twin = median_by_performance(pages), statistics.median(twins)
        if len(pages) == 1 and performance(pages[0]) >= twin and passes("mobile", scores(pages[0]), twin):
            break
        if len(pages) == 3 and passes("mobile", scores(report), twin):
            break
    return report, twin, passes("mobile", scores(report), twin)


def passes(preset: str, got: list[float | None], twin: float) -> bool:
    if any(score is None for score in got):
        return False
    if preset == "mobile":  # whole points, as Lighthouse shows them
        return round(got[0] * 100) >= round((twin - NOISE) * 100) and all(score == 1 for score in got[1:])
    return all(score == 1 for score in got)


@contextlib.contextmanager
def served_site_and_twins():
    """A fresh build and its stock Material twins, each on a host like a real one; yields
    (the site's base URL, the twins' base URL, a scratch path for Lighthouse's report)."""
    with tempfile.TemporaryDirectory(prefix="audit-") as tmp:
        site = Path(tmp) / "site"
        result = build_site(site)
        if result.returncode != 0:
            sys.exit(f"build failed:\n{result.stderr}")
        with static_host(build_twins(site, Path(tmp) / "twins")) as twins, static_host(site) as base:
            yield base, twins, Path(tmp) / "report.json"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--preset", choices=["mobile", "desktop", "both"], default="both")
    parser.add_argument("--only", help="audit only paths containing this text")
    parser.add_argument("--cpu-multiplier", type=float, help="mobile CPU slowdown (default: calibrated)")
    args = parser.parse_args()
    presets = ["mobile", "desktop"] if args.preset == "both" else [args.preset]
    paths = [path for path in targets() if not args.only or args.only in path]
    if not paths:
        sys.exit(f"no page's path contains {args.only!r}; the paths are: {' '.join(targets())}")
    failed = not_judged = 0
    with lighthouse_runners(), served_site_and_twins() as (base, twins, out):
        multiplier = args.cpu_multiplier
        if multiplier is None and "mobile" in presets:  # desktop runs unslowed
            index = audit(f"{twins}/{twin_of(paths[0])}/", "mobile", out)["environment"]["benchmarkIndex"]
            multiplier = multiplier_for(index)
            print(f"BenchmarkIndex {index:.0f}: mobile CPU slowdown {multiplier:g}x (Lighthouse's table)")
        print(f"{'page':<42}{'preset':<9}" + "".join(f"{c[:13]:>15}" for c in CATEGORIES) + "   twin")
        for path in paths:
            for preset in presets:
                verdict, twin_note = "", ""
                if preset == "mobile":
                    report, twin, ok = judge_mobile(base + path, f"{twins}/{twin_of(path)}/", out, multiplier)
                    twin_note = f"{round(twin * 100):>7}"
                    if twin < TWIN_FLOOR:
                        ok, verdict = True, "   NOT JUDGED (host too busy)"
                        not_judged += 1
                else:
                    report = median_report(base + path, preset, out, multiplier)
                    ok = passes(preset, scores(report), 1.0)
                got = scores(report)
                shown = "".join(f"{'—' if s is None else round(s * 100):>15}" for s in got)
                print(f"{path:<42}{preset:<9}{shown}{twin_note}{verdict or ('' if ok else '   FAILED')}", flush=True)
                failed += not ok
                if any(s is None or s < 1 for s in got):
                    for loss in losses(report):
                        print(f"    {loss}")
    print(f"\n{'PASSED' if not failed and not not_judged else 'FAILED'}: {failed} audit(s) failed. Mobile "
          f"performance passes at its twin's score less {round(NOISE * 100)}; everything else at 100.")
    if not_judged:
        print(f"{not_judged} page(s) not judged: their stock Material twin scored under {round(TWIN_FLOOR * 100)} in "
              "mobile performance, so the host was too busy to measure. Run make audit again when it is idle.")
    return 1 if failed or not_judged else 0


# ─── make audit-ci: what CI runs ─────────────────────────────────────────────
#
# Only what noise cannot fail, so that a busy shared host never keeps a good change out:
# - accessibility, best practices and SEO (which time nothing) at 100 on every page of both
#   languages, one unthrottled mobile run each (make test's axe scans cover 360 and 1280 px,
#   and desktop scored the same as mobile on every page, at a cost of 6 more minutes);
# - performance on a representative set (the picker page and the overview, through a deep
#   link, and one plain page, in each language) judged on metrics, not on the score: the
#   median Total Blocking Time and Cumulative Layout Shift of CI_RUNS runs of the page, each
#   right after a run of its stock Material twin, against the twin's medians plus a margin
#   that run-to-run noise here does not cross. What the gate is for, main-thread work of
#   ours, costs seconds: stock Pyodide on the main thread is 4-5 s of long tasks. The noise is
#   hundreds of milliseconds, and grows with the host's load (the 4x slowdown multiplies it):
#   page minus twin, medians of three to six pairs, was +240 ms and +266 ms at worst in eleven
#   runs here, the second with a load average of 16 on 2 cores (issue 18), which failed the
#   +250 ms margin this gate first had. +600 ms is over twice the worst seen and still under a
#   sixth of what the gate catches. A page over the margin gets CI_RUNS more pairs, and the
#   medians of all of them decide: a busy moment gets another run, not a red CI.
#
# Its time: 19 minutes here in December 2026, of CI's 30 with make test's 13; 7 to 11 since
# (load average 1 to 9: others share the host), by these means:
# - the sweep runs SWEEP_PROCESSES pages at a time. Its runs time nothing, and most of each
#   is waiting: with --throttling-method=provided Lighthouse waits out 5.25 s windows after
#   the first paint and the load and for a quiet network and CPU (11 s of a 16 s run here),
#   in which another run's work fits. Two at a time gave every page the same result as one
#   at a time, audit by audit (score, mode and number of items: errors-in-console among
#   them), on all 22 pages at a load average of 5 to 8, and the picker's deep links had
#   answered in the full-page screenshots. Not more than two: on 2 cores, more would compete
#   with the picker's Python, which must answer within those windows (not tried);
# - the timing part runs alone, one run at a time, as before; its runs skip only what no
#   measure depends on (NOT_METRICS, the full-page screenshot);
# - every run is a runner's (Runner): no Node start and no loading of Lighthouse per run.
CI_PERFORMANCE = ["/picker/?plan=business&priority=2", "/?plan=business&priority=2", "/support-hours/",
                  "/en/picker/?plan=business&priority=2", "/en/?plan=business&priority=2", "/en/support-hours/"]
CI_RUNS = 3
TBT_MARGIN_MS = 600
CLS_MARGIN = 0.02
DETERMINISTIC = ["accessibility", "best-practices", "seo"]
# Lighthouse runs of the deterministic sweep at a time (see the comment above).
SWEEP_PROCESSES = 2


def metrics(report: dict) -> tuple[float, float]:
    return (report["audits"]["total-blocking-time"]["numericValue"],
            report["audits"]["cumulative-layout-shift"]["numericValue"])


def judge_metrics(url: str, twin_url: str, out: Path, cpu_multiplier: float) -> tuple[list[float], list[float], bool]:
    """Medians of (TBT, CLS) for the page and its twin, and whether the page is within the margins."""
    pages, twins = [], []
    for _ in range(2):
        for _ in range(CI_RUNS):
            twins.append(metrics(audit(twin_url, "mobile", out, cpu_multiplier, ["performance"], metrics_only=True)))
            pages.append(metrics(audit(url, "mobile", out, cpu_multiplier, ["performance"], metrics_only=True)))
        page = [statistics.median(values) for values in zip(*pages)]
        twin = [statistics.median(values) for values in zip(*twins)]
        ok = page[0] <= twin[0] + TBT_MARGIN_MS and page[1] <= twin[1] + CLS_MARGIN
        if ok:
            break
    return page, twin, ok


def deterministic_sweep(base: str, out: Path) -> int:
    """Accessibility, best practices and SEO of every page, SWEEP_PROCESSES runs at a time;
    prints a row per page, in targets() order; returns how many pages failed."""
    paths = targets()

    def run(index: int) -> dict:  # each run its own report file: they overlap
        return audit(base + paths[index], "mobile", out.with_name(f"deterministic-{index}.json"),
                     categories=DETERMINISTIC, unthrottled=True)

    failed = 0
    print(f"{'page':<42}{'preset':<9}" + "".join(f"{c[:13]:>15}" for c in DETERMINISTIC))
    with ThreadPoolExecutor(SWEEP_PROCESSES) as pool:
        reports = pool.map(run, range(len(paths)))
        try:
            for path, report in zip(paths, reports):
                got = [report["categories"][c]["score"] for c in DETERMINISTIC]
                ok = all(score == 1 for score in got)
                failed += not ok
                shown = "".join(f"{'—' if s is None else round(s * 100):>15}" for s in got)
                print(f"{path:<42}{'mobile':<9}{shown}{'' if ok else '   FAILED'}", flush=True)
                for loss in ([] if ok else losses(report)):
                    print(f"    {loss}")
        except BaseException:
            pool.shutdown(cancel_futures=True)  # a run failed: not the pages still queued
            raise
    return failed


def ci_main() -> int:
    failed = 0
    started = time.monotonic()
    with lighthouse_runners(), served_site_and_twins() as (base, twins, out):
        print(f"Site and stock Material twins built and served in {time.monotonic() - started:.0f} s.\n")
        step = time.monotonic()
        failed += deterministic_sweep(base, out)
        print(f"({len(targets())} pages in {time.monotonic() - step:.0f} s, {SWEEP_PROCESSES} at a time)")
        # From here on one run at a time, and nothing else of ours on the host: this part times.
        # The BenchmarkIndex's run is the first of a new runner, so it goes as the command's
        # did: Lighthouse loads its modules between Chrome's launch and the benchmark. A
        # runner's later runs leave that Chrome less time to settle: their index was 1207
        # against the command's 1328 (medians of ten runs each, December 2026), enough to turn
        # 4x into 2x; a new runner's first run gave 1245 against 1204 (eight each).
        close_runners()
        step = time.monotonic()
        index = audit(f"{twins}/{twin_of(CI_PERFORMANCE[0])}/", "mobile", out)["environment"]["benchmarkIndex"]
        multiplier = multiplier_for(index)
        print(f"\nBenchmarkIndex {index:.0f}: mobile CPU slowdown {multiplier:g}x (Lighthouse's table)")
        print(f"{'page':<42}{'TBT ms, page/twin':>20}{'CLS, page/twin':>18}   (medians; margins "
              f"+{TBT_MARGIN_MS} ms, +{CLS_MARGIN})")
        for path in CI_PERFORMANCE:
            page, twin, ok = judge_metrics(base + path, f"{twins}/{twin_of(path)}/", out, multiplier)
            failed += not ok
            print(f"{path:<42}{f'{page[0]:.0f} / {twin[0]:.0f}':>20}{f'{page[1]:.3f} / {twin[1]:.3f}':>18}"
                  f"{'' if ok else '   FAILED'}", flush=True)
        print(f"({len(CI_PERFORMANCE)} pages in {time.monotonic() - step:.0f} s)")
    print(f"\n{'PASSED' if not failed else 'FAILED'}: {failed} check(s) failed.")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(ci_main() if "--ci" in sys.argv[1:] else main())
