"""Our copies of Material's templates, and our patch of its bundle, still fit the Material installed.

Where Material offers no extension point, overrides/ holds a copy of its original with a change.
Each copy names, in its leading comment, the original it was made from and that original's sha256:

    Material's original: base.html, block site_meta, sha256 <64 hex digits>

A Material upgrade that changes an original fails here, naming our copy: carry the change into the
copy, then write the new sha256 (the failure prints it) in the copy's comment. The hash is taken
with Material's release stamps blanked (its version, its assets' content hashes), which change in
every release and which our copies do not carry.

overrides/hooks/languages.py edits Material's minified bundle in place (`_stop_sitemap_fetches`):
the exact snippet it replaces must still be in the installed bundle, once.
"""

from __future__ import annotations

import hashlib
import re
import sys
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

import material
import pytest

from support import ROOT

sys.path.insert(0, str(ROOT / "overrides" / "hooks"))
import languages  # noqa: E402

MATERIAL = Path(material.__file__).parent / "templates"
OVERRIDES = ROOT / "overrides"
ORIGINAL = re.compile(
    r"Material's original: (?P<path>[\w./-]+)(?:, block (?P<block>\w+))?, sha256 (?P<sha256>[0-9a-f]{64})"
)
BLOCK_TAG = re.compile(r"{%-?\s*(?P<tag>block|endblock)\b\s*(?P<name>\w*)[^%]*-?%}")


@dataclass(frozen=True)
class Copy:
    ours: Path  # our copy, below the repository
    original: str  # Material's file it copies, below material/templates
    block: str | None  # the block copied, or None for the whole file
    sha256: str  # of the original it was made from, stamps blanked (release_neutral)

    def __str__(self) -> str:
        block = f" block {self.block}" if self.block else ""
        return f"{self.ours.relative_to(ROOT)} (from Material's {self.original}{block})"


def copies() -> list[Copy]:
    """Every copy that overrides/ declares, in the order the files name them."""
    found = []
    for path in sorted(OVERRIDES.rglob("*.html")):
        for match in ORIGINAL.finditer(path.read_text(encoding="utf-8")):
            found.append(Copy(path, match["path"], match["block"], match["sha256"]))
    return found


def block(template: str, name: str) -> str:
    """The text of `{% block name %}` … its own `{% endblock %}` in a template, tags included."""
    depth, start = 0, None
    for tag in BLOCK_TAG.finditer(template):
        if tag["tag"] == "block":
            if start is None and tag["name"] == name:
                start, depth = tag.start(), 0
            depth += 1
        else:
            depth -= 1
            if start is not None and depth == 0:
                return template[start:tag.end()]
    raise LookupError(f"no block {name}")


def release_neutral(text: str) -> str:
    """`text` with what every Material release changes blanked: its version, its assets' content hashes."""
    text = re.sub(r"(?<=mkdocs-material-)\d+(?:\.\d+)+\w*", "VERSION", text)
    return re.sub(r"\.[0-9a-f]{8}(?=\.min\.(?:css|js)\b)", ".HASH", text)


def original_text(copy: Copy) -> str:
    text = (MATERIAL / copy.original).read_text(encoding="utf-8")
    return release_neutral(block(text, copy.block) if copy.block else text)


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_every_copy_declares_its_original():
    # A file of ours at the path of one of Material's replaces it: it either extends a template
    # (Material's documented way: main.html extends base.html, 404.html extends main.html) or
    # is a copy, which must say of what.
    declared = {copy.ours for copy in copies()}
    for path in sorted(OVERRIDES.rglob("*.html")):
        relative = path.relative_to(OVERRIDES)
        if not (MATERIAL / relative).is_file():
            continue
        text = path.read_text(encoding="utf-8")
        extends = re.search(r"{%-?\s*extends\s", text)
        original = sha256(release_neutral((MATERIAL / relative).read_text(encoding="utf-8")))
        assert extends or path in declared, (
            f"overrides/{relative} replaces Material's {relative} without extending a template and "
            f"names no original. If it is a copy, add \"Material's original: {relative}, sha256 {original}\" "
            "to its comment")
    assert {str(path.relative_to(ROOT)) for path in declared} >= {"overrides/main.html", "overrides/partials/search.html"}


@pytest.mark.parametrize("copy", copies(), ids=str)
def test_material_s_original_is_still_the_one_our_copy_was_made_from(copy: Copy):
    assert (MATERIAL / copy.original).is_file(), (
        f"{copy}: Material {version('mkdocs-material')} has no {copy.original} any more. "
        "Look for where that part went and redo the change there, or drop the copy")
    try:
        text = original_text(copy)
    except LookupError:
        pytest.fail(f"{copy}: Material {version('mkdocs-material')}'s {copy.original} has no block {copy.block} any more")
    assert sha256(text) == copy.sha256, (
        f"{copy}: Material {version('mkdocs-material')} changed the original since our copy was made. "
        f"Carry its change into {copy.ours.relative_to(ROOT)}, then write sha256 {sha256(text)} in the "
        f"copy's comment. The original now reads (stamps blanked):\n{text}")


def test_our_copies_carry_no_material_release_stamp():
    # The generator tag names the installed Material through `material_version` (languages.py).
    for copy in copies():
        text = copy.ours.read_text(encoding="utf-8")
        assert release_neutral(text) == text, f"{copy.ours.relative_to(ROOT)} hard-codes a Material version or asset hash"


def test_the_bundle_patch_still_finds_its_snippet_once():
    bundles = sorted((MATERIAL / "assets" / "javascripts").glob("bundle.*.min.js"))
    assert len(bundles) == 1, [bundle.name for bundle in bundles]
    code = bundles[0].read_text(encoding="utf-8")
    where = f"overrides/hooks/languages.py (_stop_sitemap_fetches) patches Material {version('mkdocs-material')}'s {bundles[0].name}"
    assert code.count(languages._ALTERNATE_QUERY) == 1, (
        f"{where}: its snippet {languages._ALTERNATE_QUERY} is there {code.count(languages._ALTERNATE_QUERY)} times, "
        "not once. Find how the new bundle looks up <link rel=alternate> and update the patch")
    assert languages._PATCHED_QUERY not in code, f"{where}: Material now does what the patch does; drop the patch"
    # The patch's reason: a sitemap.xml fetched next to each alternate link.
    assert 'new URL("sitemap.xml",' in code, (
        f"{where}: the bundle no longer fetches sitemap.xml; check whether the patch is still needed")


def test_the_generator_tag_names_the_installed_material(built_site: Path):
    for page in ("index.html", "en/index.html", "404.html"):
        html = (built_site / page).read_text(encoding="utf-8")
        generator = re.search(r'<meta name="generator" content="([^"]*)"', html)
        assert generator and generator[1].endswith(f", mkdocs-material-{version('mkdocs-material')}"), (page, generator)
