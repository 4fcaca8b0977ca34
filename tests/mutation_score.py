"""Print mutmut's score for the widget package, per file and in all; exit 1 below the bar.

    .venv/bin/python tests/mutation_score.py [.mutation] [--min 80]

Reads what `mutmut run` left in <folder>/mutants: the totals of `mutmut export-cicd-stats`
(mutmut-cicd-stats.json) and, per source file, its verdicts (<file>.meta). A mutant counts as
killed when a test failed or timed out on it (as mutmut's own badge counts them); "no tests"
are mutants in code that no test of tests/widget runs.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from mutmut.stats import status_by_exit_code

CAUGHT = ("killed", "timeout")


def file_verdicts(mutants: Path) -> dict[str, Counter]:
    """{source file: Counter of statuses}, from each file's .meta beside its mutated copy."""
    out = {}
    for meta in sorted(mutants.rglob("*.py.meta")):
        codes = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
        if codes:
            out[str(meta.relative_to(mutants))[: -len(".meta")]] = Counter(status_by_exit_code[c] for c in codes.values())
    return out


def caught(statuses: Counter) -> int:
    return sum(statuses[s] for s in CAUGHT)


def line(name: str, statuses: Counter) -> str:
    total = statuses.total()
    return (f"{name:<32} {caught(statuses):>5} of {total:>5} killed ({100 * caught(statuses) / total:5.1f} %)"
            f"  survived {statuses['survived']:>4}  no tests {statuses['no tests']:>4}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", default=".mutation", help="where mutmut ran (holds mutants/)")
    parser.add_argument("--min", type=float, default=80.0, help="the lowest passing score, in per cent")
    args = parser.parse_args(argv)
    mutants = Path(args.folder) / "mutants"
    stats_file = mutants / "mutmut-cicd-stats.json"
    if not stats_file.is_file():
        print(f"{stats_file} is missing: run `mutmut run` then `mutmut export-cicd-stats` in {args.folder}",
              file=sys.stderr)
        return 2
    stats = json.loads(stats_file.read_text(encoding="utf-8"))
    per_file = file_verdicts(mutants)
    for name, statuses in per_file.items():
        print(line(name, statuses))
    others = sum((s for name, s in per_file.items() if not name.endswith("/browser.py")), Counter())
    print(line("all but browser.py", others))

    killed = stats["killed"] + stats["timeout"]
    total = stats["total"]
    score = 100 * killed / total if total else 0.0
    print(f"mutation score: {killed} of {total} killed ({score:.1f} %); "
          f"{stats['survived']} survived, {stats['no_tests']} reached by no test")
    if score < args.min:
        print(f"below {args.min:g} %: kill the survivors with tests (`mutmut results` and `mutmut show NAME` "
              f"in {args.folder} list them), or mark one that no test should pin with "
              "`# pragma: no mutate` and a reason", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
