"""The policy's versions for this build, found once and read by two hooks: policy_export.py
(/policy.json lists them, the feeds and "What changed" link to them) and policy_versions.py
(the pages and each version's JSON). Not a hook itself (like markers.py).

The work is `support_policy.versions.find_versions`; the fingerprints of the data file's
past versions are cached in .cache/policy-history.json (a git blob never changes), so a
build reads git once and parses only blobs it has not seen.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from mkdocs.exceptions import PluginError

from support_policy.changelog import changelog_path, load_changelog, read_toml
from support_policy.load import PolicyError, default_policy_path
from support_policy.versions import History, Versions, find_versions

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / ".cache" / "policy-history.json"
log = logging.getLogger("mkdocs.hooks.history")
_memo: dict = {}


def policy_file() -> str:
    return os.environ.get("POLICY_FILE") or default_policy_path()


def git_history() -> History:
    """The data file's versions in git (beside the changelog in use), read once per build: the
    changelog guard (policy_export.py) and `versions` share it."""
    data_file = os.path.join(os.path.dirname(os.path.abspath(changelog_path(policy_file()))), "policy.toml")
    if _memo.get("history_of") != data_file or _memo.get("history_key") != _memo.get("key"):
        _memo.update(history=History(data_file, CACHE), history_of=data_file, history_key=_memo.get("key"))
    return _memo["history"]


def versions() -> Versions:
    """Every version, found again only when the data file or the changelog changed."""
    data_file = policy_file()
    changelog_file = changelog_path(data_file)
    try:
        key = (data_file, Path(data_file).read_bytes(), Path(changelog_file).read_bytes())
    except OSError:
        key = None
    if key is not None and _memo.get("key") == key:
        return _memo["versions"]
    _memo["key"] = key
    try:
        found = find_versions(load_changelog(changelog_file), changelog_file, read_toml(data_file),
                              history=git_history())
    except PolicyError as err:  # the changelog's own errors (VersionError is one)
        raise PluginError(f"Policy versions: {err}") from err
    if found.notice and _memo.get("told") != found.notice:
        log.info(found.notice)  # once per process, not once per language or rebuild
        _memo["told"] = found.notice
    _memo.update(key=key, versions=found)
    return found
