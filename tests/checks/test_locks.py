"""The human lists and the locks agree: requirements.txt (what we use and why, pinned exactly)
against requirements-lock.txt (pip-compile's lock, every package with its hashes, which
`make setup` installs with --require-hashes), widget/pyproject.toml's build pins against
requirements.txt, and package.json against package-lock.json (which `npm ci` installs).

A package in one and not the other, or at another version, fails here with the fix: `make lock`,
which regenerates both locks from the human lists (see the Makefile). `disagreements(folder)`
reads only the files, so the tests below run it on edited copies too; by hand:
`.venv/bin/python tests/checks/test_locks.py [folder]`.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]

REQUIREMENTS = "requirements.txt"
LOCK = "requirements-lock.txt"
FIX = "Fix: run `make lock` (it regenerates requirements-lock.txt and package-lock.json), then commit both."
FILES = [REQUIREMENTS, LOCK, "widget/pyproject.toml", "package.json", "package-lock.json"]
EXACT_NPM = re.compile(r"^\d+\.\d+\.\d+$")


# ─── reading the files ───────────────────────────────────────────────────────

def exact_pin(line: str) -> tuple[str, str]:
    """(normalised name, version) of `name==version`; ValueError for anything less exact."""
    try:
        requirement = Requirement(line)
    except InvalidRequirement as err:
        raise ValueError(f"not a requirement: {line!r}") from err
    specs = list(requirement.specifier)
    if len(specs) != 1 or specs[0].operator != "==" or "*" in specs[0].version:
        raise ValueError(f"not pinned exactly (name==version): {line!r}")
    return canonicalize_name(requirement.name), specs[0].version


def human_pins(path: Path) -> dict[str, str]:
    """requirements.txt: name → version; comments and blank lines skipped."""
    pins = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, version = exact_pin(line)
            pins[name] = version
    return pins


def lock_entries(path: Path) -> dict[str, dict]:
    """pip-compile's output: name → {version, hashes, via}. `via` holds what the annotation below
    each entry names: the packages that need it, and `-r requirements.txt` for a direct one."""
    entries: dict[str, dict] = {}
    current, in_via = None, False
    text = path.read_text(encoding="utf-8").replace("\\\n", " ")
    for line in text.splitlines():
        if not line.strip():
            continue
        if not line.startswith((" ", "#")):  # an entry: name==version --hash=... --hash=...
            requirement, *options = line.split("--hash=")
            name, version = exact_pin(requirement.strip())
            current = entries[name] = {"version": version, "hashes": [o.strip() for o in options], "via": set()}
            in_via = False
        elif current and (match := re.match(r"^ +# via(?: (.+))?$", line)):
            in_via = match[1] is None
            if match[1]:
                current["via"].update(part.strip() for part in match[1].split(","))
        elif current and in_via and (match := re.match(r"^ +#   (.+)$", line)):
            current["via"].add(match[1].strip())
        else:
            in_via = False
    for entry in entries.values():
        entry["via"] = {via if via.startswith("-") else canonicalize_name(via) for via in entry["via"]}
    return entries


# ─── what disagrees ──────────────────────────────────────────────────────────

def python_disagreements(folder: Path) -> list[str]:
    """requirements.txt against requirements-lock.txt, and widget/pyproject.toml's build pins."""
    try:
        human = human_pins(folder / REQUIREMENTS)
        lock = lock_entries(folder / LOCK)
    except (OSError, ValueError) as err:
        return [str(err)]
    found = []
    direct = f"-r {REQUIREMENTS}"
    for name, version in sorted(human.items()):
        if name not in lock:
            found.append(f"{REQUIREMENTS} asks for {name}=={version}; {LOCK} does not hold {name}")
        elif lock[name]["version"] != version:
            found.append(f"{REQUIREMENTS} pins {name}=={version}; {LOCK} holds {name}=={lock[name]['version']}")
    for name, entry in sorted(lock.items()):
        if direct in entry["via"] and name not in human:
            found.append(f"{LOCK} holds {name}=={entry['version']} for {REQUIREMENTS}, which no longer asks for it")
        if not all(h.startswith("sha256:") and len(h) == 71 for h in entry["hashes"]) or not entry["hashes"]:
            found.append(f"{LOCK}: {name}=={entry['version']} has no sha256 hash (pip-compile --generate-hashes writes them)")
    # Every locked package is needed: by requirements.txt, or by a package that is.
    needed = {name for name, entry in lock.items() if direct in entry["via"] and name in human}
    while more := {name for name, entry in lock.items() if name not in needed and entry["via"] & needed}:
        needed |= more
    for name in sorted(set(lock) - needed):
        found.append(f"{LOCK} holds {name}=={lock[name]['version']}, which nothing in {REQUIREMENTS} needs")
    # The widget's wheel is built with the venv's backend (--no-build-isolation): the same pins.
    build = tomllib.loads((folder / "widget/pyproject.toml").read_text(encoding="utf-8"))["build-system"]
    for line in build["requires"]:
        try:
            name, version = exact_pin(line)
        except ValueError as err:
            found.append(f"widget/pyproject.toml [build-system] requires: {err}")
            continue
        if human.get(name) != version:
            found.append(f"widget/pyproject.toml builds with {name}=={version}; {REQUIREMENTS} pins "
                         f"{f'{name}=={human[name]}' if name in human else f'no {name}'}")
    return found


def npm_disagreements(folder: Path) -> list[str]:
    """package.json against package-lock.json: the same packages, at the same exact versions."""
    try:
        manifest = json.loads((folder / "package.json").read_text(encoding="utf-8"))
        lock = json.loads((folder / "package-lock.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        return [str(err)]
    found = []
    if lock.get("lockfileVersion", 0) < 2:
        found.append("package-lock.json: lockfileVersion 2 or later expected (npm 7+)")
    packages = lock.get("packages", {})
    root = packages.get("", {})
    for kind in ("dependencies", "devDependencies"):
        wanted, locked = manifest.get(kind, {}), root.get(kind, {})
        for name in sorted(set(wanted) | set(locked)):
            if name not in locked:
                found.append(f"package.json {kind} has {name} {wanted[name]}; package-lock.json does not")
                continue
            if name not in wanted:
                found.append(f"package-lock.json {kind} has {name} {locked[name]}; package.json does not")
                continue
            installed = packages.get(f"node_modules/{name}", {}).get("version", "nothing")
            if not EXACT_NPM.match(wanted[name]):
                found.append(f"package.json: {name} {wanted[name]} is not pinned exactly (x.y.z)")
            if wanted[name] != locked[name]:
                found.append(f"package.json wants {name} {wanted[name]}; package-lock.json was made for {locked[name]}")
            elif installed != wanted[name]:
                found.append(f"package.json pins {name} {wanted[name]}; package-lock.json installs {installed}")
    for path, entry in sorted(packages.items()):
        if path and not entry.get("link") and not entry.get("integrity"):
            found.append(f"package-lock.json: {path} has no integrity hash")
    return found


def disagreements(folder: Path) -> list[str]:
    """Everything that disagrees in `folder` (a checkout, or a copy of FILES)."""
    return python_disagreements(folder) + npm_disagreements(folder)


def report(found: list[str]) -> str:
    return "\n".join(["the human lists and the locks disagree:", *(f"  {line}" for line in found), FIX])


# ─── the tests ───────────────────────────────────────────────────────────────

def test_the_repository_lists_and_locks_agree():
    found = disagreements(ROOT)
    assert not found, report(found)


def test_the_lock_is_pip_compiles_with_hashes_for_every_package():
    text = (ROOT / LOCK).read_text(encoding="utf-8")
    assert "make lock" in text.split("\n\n", 1)[0], "the lock's header names the command that made it"
    entries = lock_entries(ROOT / LOCK)
    assert len(entries) > len(human_pins(ROOT / REQUIREMENTS)), "the lock holds the dependencies too"
    assert "pip-tools" in entries and "pip" in entries, "the lock tool and pip are locked like the rest"


@pytest.fixture
def copy(tmp_path) -> Path:
    """The files that `disagreements` reads, copied into tmp_path (their folders kept)."""
    for name in FILES:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / name, tmp_path / name)
    assert disagreements(tmp_path) == []
    return tmp_path


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_version_bumped_in_requirements_only_fails_with_the_fix(copy):
    pins = human_pins(copy / REQUIREMENTS)
    edit(copy / REQUIREMENTS, f"mkdocs-material=={pins['mkdocs-material']}", "mkdocs-material==99.0.0")
    found = disagreements(copy)
    assert found == [f"{REQUIREMENTS} pins mkdocs-material==99.0.0; {LOCK} holds "
                     f"mkdocs-material=={pins['mkdocs-material']}"]
    assert report(found).endswith(FIX) and "make lock" in FIX


def test_a_package_added_or_removed_on_one_side_fails(copy):
    (copy / REQUIREMENTS).write_text((copy / REQUIREMENTS).read_text(encoding="utf-8") + "numpy==2.3.0\n",
                                     encoding="utf-8")
    assert disagreements(copy) == [f"{REQUIREMENTS} asks for numpy==2.3.0; {LOCK} does not hold numpy"]
    shutil.copy(ROOT / REQUIREMENTS, copy / REQUIREMENTS)
    version = human_pins(copy / REQUIREMENTS)["feedparser"]
    edit(copy / REQUIREMENTS, f"feedparser=={version}\n", "")
    found = disagreements(copy)
    assert f"{LOCK} holds feedparser=={version} for {REQUIREMENTS}, which no longer asks for it" in found
    # What only feedparser needed is not needed any more either.
    assert any(line.startswith(f"{LOCK} holds feedparser-sgmllib==") and line.endswith("needs") for line in found)


def test_a_range_or_a_missing_hash_fails(copy):
    version = human_pins(copy / REQUIREMENTS)["zizmor"]
    edit(copy / REQUIREMENTS, f"zizmor=={version}", f"zizmor>={version}")
    assert disagreements(copy) == [f"not pinned exactly (name==version): 'zizmor>={version}'"]
    shutil.copy(ROOT / REQUIREMENTS, copy / REQUIREMENTS)
    lock = (copy / LOCK).read_text(encoding="utf-8")
    (copy / LOCK).write_text(re.sub(r"(\nzizmor==[^ ]+) \\\n( +--hash=[^\n]+\n)+", r"\1\n", lock), encoding="utf-8")
    assert disagreements(copy) == [f"{LOCK}: zizmor=={version} has no sha256 hash (pip-compile --generate-hashes writes them)"]


def test_the_widgets_build_backend_is_the_venvs(copy):
    version = human_pins(copy / REQUIREMENTS)["setuptools"]
    edit(copy / "widget/pyproject.toml", f'"setuptools=={version}"', '"setuptools==1.0.0"')
    assert disagreements(copy) == [f"widget/pyproject.toml builds with setuptools==1.0.0; {REQUIREMENTS} pins "
                                   f"setuptools=={version}"]


def test_package_json_against_its_lock(copy):
    manifest = json.loads((copy / "package.json").read_text(encoding="utf-8"))
    pyodide = manifest["dependencies"]["pyodide"]
    edit(copy / "package.json", f'"pyodide": "{pyodide}"', '"pyodide": "^999.0.0"')
    assert disagreements(copy) == [
        "package.json: pyodide ^999.0.0 is not pinned exactly (x.y.z)",
        f"package.json wants pyodide ^999.0.0; package-lock.json was made for {pyodide}"]
    shutil.copy(ROOT / "package.json", copy / "package.json")
    edit(copy / "package.json", '"dependencies": {', '"dependencies": {\n    "left-pad": "1.3.0",')
    assert disagreements(copy) == ["package.json dependencies has left-pad 1.3.0; package-lock.json does not"]


if __name__ == "__main__":
    found = disagreements(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT)
    print(report(found) if found else "the human lists and the locks agree")
    sys.exit(1 if found else 0)
