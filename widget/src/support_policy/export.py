"""The policy as machine-readable JSON: `/policy.json`, with its JSON Schema at
`/policy.schema.json` (draft 2020-12).

Plain functions, no MkDocs: `overrides/hooks/policy_export.py` calls
`write_export` once per build, at the site's root.

Versioning: `version.schema` is SCHEMA_VERSION ("MAJOR.MINOR"): MINOR grows when
a field is added, MAJOR when a field is removed, renamed or changes meaning.
`version.policy` is the date of the changelog's newest entry, and
`version.fingerprint` identifies the exact data (see changelog.py).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from .changelog import Changelog, fingerprint, read_toml
from .load import CHANNEL_KINDS, COUNTRY_RE, EXTENSION_RE, ID_RE, PHONE_RE
from .model import LANGS, Policy, Text

SCHEMA_VERSION = "1.1"  # 1.1: `versions`, the list of the policy's versions
EXPORT_NAME = "policy.json"
SCHEMA_NAME = "policy.schema.json"


def _text(text: Text) -> dict[str, str]:
    return {lang: text(lang) for lang in LANGS}


def policy_document(policy: Policy, changelog: Changelog, data_fingerprint: str, schema_url: str | None = None,
                    versions: list[dict] | None = None) -> dict:
    """The export: every fact of `policy`, labels in both languages, ids as in the data file;
    the current one also lists every version (`versions`: date, JSON and page addresses)."""
    document: dict = {}
    if schema_url:
        document["$schema"] = schema_url
    document["version"] = {"schema": SCHEMA_VERSION, "policy": changelog.version, "fingerprint": data_fingerprint}
    document["languages"] = list(LANGS)
    document["support_hours"] = {"text": _text(policy.support_hours.text), "how": _text(policy.support_hours.how)}
    document["channels"] = [
        {"id": c.id, "kind": c.kind, "name": _text(c.name), **({"url": c.url} if c.url else {})}
        for c in policy.channels
    ]
    document["phone_numbers"] = [
        {"country": p.country, "country_name": _text(p.country_name), "number": p.number,
         "extension": p.extension, "tel": p.tel_uri}
        for p in policy.phone_numbers
    ]
    plans = []
    for plan in policy.plans:
        targets = {str(p.id): policy.response_target_hours[(plan.id, p.id)]
                   for p in policy.priorities if (plan.id, p.id) in policy.response_target_hours}
        plans.append({"id": plan.id, "name": _text(plan.name), "channels": list(plan.channel_ids),
                      "response_target_hours": targets or None})
    document["plans"] = plans
    document["priorities"] = [
        {"id": p.id, "name": _text(p.name), "summary": _text(p.summary), "definition": _text(p.definition),
         "examples": _text(p.examples) if p.examples else None, "resourcing": _text(p.resourcing),
         "around_the_clock": p.around_the_clock}
        for p in policy.priorities
    ]
    document["priority_guide"] = [
        {"id": q.id, "question": _text(q.question),
         "answers": [{"text": _text(a.text), **({"next": a.next} if a.next else {"priority": a.priority})}
                     for a in q.answers]}
        for q in policy.priority_guide
    ]
    if versions is not None:
        document["versions"] = versions
    return document


# ─── the schema ──────────────────────────────────────────────────────────────

_TEXT = {"$ref": "#/$defs/text"}
_ID = {"type": "string", "pattern": ID_RE.pattern}


def _object(properties: dict, required: list[str] | None = None, description: str = "") -> dict:
    out = {"type": "object"}
    if description:
        out["description"] = description  # pragma: no mutate (a description's wording)
    out |= {"properties": properties, "required": required if required is not None else list(properties),
            "additionalProperties": False}
    return out


def schema(schema_url: str | None = None) -> dict:
    """JSON Schema (draft 2020-12) of `policy_document`'s output."""
    out: dict = {"$schema": "https://json-schema.org/draft/2020-12/schema"}
    if schema_url:
        out["$id"] = schema_url
    out |= {
        "title": "Zoom customer support policy",  # pragma: no mutate (the title's wording)
        "description": f"The support policy's facts, in Russian and English. Schema version {SCHEMA_VERSION}.",
        "$defs": {
            "text": _object({lang: {"type": "string", "minLength": 1} for lang in LANGS},
                            description="One label in both languages."),  # pragma: no mutate (a description's wording)
            "plan_id": _ID,
            "priority_id": {"type": "integer", "minimum": 1},
        },
    }
    out |= _object({
        "$schema": {"type": "string", "format": "uri", "description": "The address of this schema."},  # pragma: no mutate (a description's wording)
        "version": _object({
            "schema": {"type": "string", "pattern": r"^\d+\.\d+$",
                       "description": "MAJOR.MINOR: MINOR grows when a field is added, MAJOR when one is removed, "  # pragma: no mutate (a description's wording)
                                      "renamed or changes meaning."},  # pragma: no mutate (a description's wording)
            "policy": {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$",
                       "description": "The date of the newest entry on the policy's \"What changed\" page."},  # pragma: no mutate (a description's wording)
            "fingerprint": {"type": "string", "pattern": "^sha256:[0-9a-f]{64}$",
                            "description": "sha256 of the policy data as canonical JSON, the guide included: "  # pragma: no mutate (a description's wording)
                                           "changes with any value in it."},  # pragma: no mutate (a description's wording)
        }),
        "languages": {"type": "array", "items": {"enum": list(LANGS)}, "minItems": len(LANGS),
                      "uniqueItems": True, "description": "The languages of every text object."},  # pragma: no mutate (a description's wording)
        "support_hours": _object({"text": _TEXT, "how": _TEXT}, description="When support is provided, and how."),  # pragma: no mutate (a description's wording)
        "channels": {
            "type": "array", "minItems": 1, "description": "The ways to send a support request.",  # pragma: no mutate (a description's wording)
            "items": {
                **_object({"id": _ID, "kind": {"enum": list(CHANNEL_KINDS)}, "name": _TEXT,
                           "url": {"type": "string", "format": "uri", "pattern": "^https://"}},
                          required=["id", "kind", "name"]),
                "if": {"properties": {"kind": {"const": "web_form"}}},
                "then": {"required": ["url"]},
                "else": {"not": {"required": ["url"]}},
            },
        },
        "phone_numbers": {
            "type": "array", "minItems": 1, "description": "Support phone numbers, for plans with the phone channel.",  # pragma: no mutate (a description's wording)
            "items": _object({
                "country": {"type": "string", "pattern": COUNTRY_RE.pattern, "description": "ISO 3166-1 alpha-2 code."},  # pragma: no mutate (a description's wording)
                "country_name": _TEXT,
                "number": {"type": "string", "pattern": PHONE_RE.pattern,
                           "description": "International format: +, the country code, groups of digits."},  # pragma: no mutate (a description's wording)
                "extension": {"type": ["string", "null"], "pattern": EXTENSION_RE.pattern,
                              "description": "What to dial once connected; null if nothing."},  # pragma: no mutate (a description's wording)
                "tel": {"type": "string", "pattern": r"^tel:\+\d+(,\d+)?$",
                        "description": "A tel: URI that dials the number, pauses, then the extension."},  # pragma: no mutate (a description's wording)
            }),
        },
        "plans": {
            "type": "array", "minItems": 1, "description": "The plans, the channels each may use, and their targets.",  # pragma: no mutate (a description's wording)
            "items": _object({
                "id": {"$ref": "#/$defs/plan_id"},
                "name": _TEXT,
                "channels": {"type": "array", "minItems": 1, "uniqueItems": True, "items": _ID,
                             "description": "Ids from `channels`."},  # pragma: no mutate (a description's wording)
                "response_target_hours": {
                    "type": ["object", "null"],
                    "description": "Target hours from Zoom receiving a support request to the customer receiving "  # pragma: no mutate (a description's wording)
                                   "the notice that it is registered, by priority id; null where the policy "  # pragma: no mutate (a description's wording)
                                   "states no target.",  # pragma: no mutate (a description's wording)
                    "patternProperties": {"^[1-9][0-9]*$": {"type": "integer", "minimum": 1}},
                    "additionalProperties": False,
                },
            }),
        },
        "priorities": {
            "type": "array", "minItems": 1, "description": "The priority levels, 1 the most urgent.",  # pragma: no mutate (a description's wording)
            "items": _object({
                "id": {"$ref": "#/$defs/priority_id"},
                "name": _TEXT, "summary": _TEXT, "definition": _TEXT,
                "examples": {"oneOf": [_TEXT, {"type": "null"}]},
                "resourcing": _TEXT,
                "around_the_clock": {"type": "boolean",
                                     "description": "Whether Zoom provides the necessary resources around the clock."},  # pragma: no mutate (a description's wording)
            }),
        },
        "priority_guide": {
            "type": "array",
            "description": "Questions that suggest a priority: a help written for this site, not policy text; "  # pragma: no mutate (a description's wording)
                           "the guide starts at the first.",  # pragma: no mutate (a description's wording)
            "items": _object({
                "id": _ID,
                "question": _TEXT,
                "answers": {
                    "type": "array", "minItems": 2,
                    "items": {
                        "type": "object",
                        "properties": {
                            "text": _TEXT,
                            "next": {**_ID, "description": "The id of the next question."},  # pragma: no mutate (a description's wording)
                            "priority": {"oneOf": [{"$ref": "#/$defs/priority_id"}, {"type": "null"}],
                                         "description": "The suggested priority; null: no definition fits."},  # pragma: no mutate (a description's wording)
                        },
                        "required": ["text"],
                        "oneOf": [{"required": ["next"]}, {"required": ["priority"]}],
                        "additionalProperties": False,
                    },
                },
            }),
        },
        "versions": {
            "type": "array",
            "description": "Every version of the policy, newest first: the date it took effect, the version as "  # pragma: no mutate (a description's wording)
                           "this JSON and as a page in each language. Only in the current policy's file.",  # pragma: no mutate (a description's wording)
            "items": _object({
                "policy": {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
                "fingerprint": {"type": "string", "pattern": "^sha256:[0-9a-f]{64}$"},
                "json": {"type": "string", "description": "The address of this version as JSON."},  # pragma: no mutate (a description's wording)
                "pages": _object({lang: {"type": "string"} for lang in LANGS},
                                 description="The address of this version's page, by language."),  # pragma: no mutate (a description's wording)
            }),
        },
    }, required=["version", "languages", "support_hours", "channels", "phone_numbers", "plans", "priorities",
                 "priority_guide"])
    return out


# ─── files ───────────────────────────────────────────────────────────────────

def to_json(value: dict) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"  # pragma: no mutate (equivalent: ensure_ascii=None is as false as False)


def export_urls(site_url: str | None) -> tuple[str | None, str | None]:
    """Absolute addresses of the export and its schema, or None without a site_url."""
    if not site_url:
        return None, None
    base = site_url if site_url.endswith("/") else site_url + "/"
    return base + EXPORT_NAME, base + SCHEMA_NAME


def build_export(policy: Policy, changelog: Changelog, policy_file: str | os.PathLike[str],
                 site_url: str | None = None, versions: list[dict] | None = None) -> dict[str, str]:
    """{file name: JSON text} for the site's root."""
    _, schema_url = export_urls(site_url)
    document = policy_document(policy, changelog, fingerprint(read_toml(policy_file)), schema_url, versions)
    return {EXPORT_NAME: to_json(document), SCHEMA_NAME: to_json(schema(schema_url))}


def write_export(site_dir: str | os.PathLike[str], files: dict[str, str]) -> list[Path]:
    written = []
    for name, text in files.items():
        path = Path(site_dir) / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")  # pragma: no mutate (equivalent under a UTF-8 locale, the only one tests can set; codec names ignore case)
        written.append(path)
    return written
