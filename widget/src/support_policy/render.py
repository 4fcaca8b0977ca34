"""HTML for the site's tables and the plan picker's answer.

The build writes the static tables with these functions and the browser writes
the live answer with the same ones, so the two cannot disagree. Every string
that reaches the markup goes through `escape`.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from html import escape

from .guide import GuideStep, walk
from .labels import hours_text, label
from .lookup import Answer
from .model import GuideAnswer, Lang, PhoneNumber, Policy, Priority


def _phone_html(phone: PhoneNumber, lang: Lang) -> str:
    ext = f", {escape(label('ext_short', lang))}&nbsp;{escape(phone.extension)}" if phone.extension else ""
    number = escape(phone.number).replace(" ", "&nbsp;")
    return f'<a href="{escape(phone.tel_uri)}">{number}</a>{ext}'


# ─── Static tables (build time) ──────────────────────────────────────────────
# Each takes `today`, the current policy, when it renders an earlier version: a fact that
# reads differently today is marked, with today's value beside it (the version pages).

def reads_the_same(one: str | None, other: str | None) -> bool:
    """Whether two texts read the same: spacing (a no-break space for a space) does not count."""
    if one is None or other is None:
        return one is other
    return one.replace("\u00a0", " ").split() == other.replace("\u00a0", " ").split()


def _differs(html: str, version_text: str, today_text: str | None, lang: Lang) -> str:
    """`html` as it is, or marked when today's text differs ("now: …", "(none)" when gone)."""
    if reads_the_same(today_text, version_text):
        return html
    now = label("version_now_is", lang, value=today_text if today_text is not None else label("version_absent", lang))
    return f'<mark class="policy-differs">{html}</mark> <span class="policy-now">({escape(now)})</span>'


def _today_channel_cell(today: Policy, plan_id: str, channel_id: str, lang: Lang) -> str | None:
    plan = next((p for p in today.plans if p.id == plan_id), None)
    if plan is None or all(c.id != channel_id for c in today.channels):
        return None
    return label("yes" if channel_id in plan.channel_ids else "no", lang)


def render_channels(policy: Policy, lang: Lang, today: Policy | None = None) -> str:
    """Plans × channels, then the phone numbers, then the request form's address."""
    head = "".join(f'<th scope="col">{escape(c.name(lang))}</th>' for c in policy.channels)
    rows = []
    for plan in policy.plans:
        cells = ""
        for c in policy.channels:
            text = label("yes" if c.id in plan.channel_ids else "no", lang)
            if today is not None:
                html = _differs(escape(text), text, _today_channel_cell(today, plan.id, c.id, lang), lang)
            else:
                html = escape(text)
            cells += f'<td data-label="{escape(c.name(lang))}">{html}</td>'

        rows.append(f'<tr><th scope="row">{escape(plan.name(lang))}</th>{cells}</tr>')
    phone_plans = ", ".join(
        plan.name(lang) for plan in policy.plans
        if any(policy.channel(c).kind == "phone" for c in plan.channel_ids)
    )
    today_phones = {p.number: p for p in today.phone_numbers} if today is not None else {}

    def phone_cell(p: PhoneNumber) -> str:
        if today is None:
            return _phone_html(p, lang)
        now = today_phones.get(p.number)
        ext = lambda phone: f"{phone.number}, {label('ext_short', lang)} {phone.extension}" if phone.extension else phone.number  # noqa: E731
        return _differs(_phone_html(p, lang), ext(p), ext(now) if now else None, lang)

    phone_rows = "".join(
        f'<tr><th scope="row">{escape(p.country_name(lang))}</th><td>{phone_cell(p)}</td></tr>'
        for p in policy.phone_numbers
    )
    today_urls = {c.id: c.url for c in today.channels} if today is not None else {}
    forms = "".join(
        f'<p>{escape(label("request_form_at", lang))}'
        + (_differs(f'<a href="{escape(c.url)}">{escape(c.url)}</a>', c.url, today_urls.get(c.id), lang)
           if today is not None else f'<a href="{escape(c.url)}">{escape(c.url)}</a>')
        + "</p>"
        for c in policy.channels if c.kind == "web_form" and c.url
    )
    return (
        '<div class="policy-table" data-policy="channels">'
        f'<table data-stack><caption>{escape(label("channels_caption", lang))}</caption>'
        f'<thead><tr><th scope="col">{escape(label("plan", lang))}</th>{head}</tr></thead>'
        f'<tbody>{"".join(rows)}</tbody></table>'
        f'{forms}'
        f'<table><caption>{escape(label("phones_caption", lang))}: {escape(phone_plans)}</caption>'
        f'<thead><tr><th scope="col">{escape(label("country", lang))}</th>'
        f'<th scope="col">{escape(label("number", lang))}</th></tr></thead>'
        f'<tbody>{phone_rows}</tbody></table></div>'
    )


def _target_text(policy: Policy, plan_id: str, priority_id: int, lang: Lang) -> str | None:
    """A cell's text: hours, "not stated", or None when the plan or priority does not exist."""
    if all(p.id != plan_id for p in policy.plans) or all(p.id != priority_id for p in policy.priorities):
        return None
    hours = policy.response_target_hours.get((plan_id, priority_id))
    return hours_text(hours, lang) if hours is not None else label("not_stated", lang)


def render_response_targets(policy: Policy, lang: Lang, today: Policy | None = None) -> str:
    """Plans × priorities; a plan with no stated target says so in one wide cell."""
    names = [f'{label("priority_n", lang, n=p.id)}\u00a0— {p.name(lang).lower()}' for p in policy.priorities]
    head = "".join(f'<th scope="col">{escape(name)}</th>' for name in names)
    rows = []
    for plan in policy.plans:
        hours = [policy.response_target_hours.get((plan.id, p.id)) for p in policy.priorities]
        today_texts = [_target_text(today, plan.id, p.id, lang) for p in policy.priorities] if today else []
        if all(h is None for h in hours) and (today is None or len(set(today_texts)) == 1):
            text = label("not_stated", lang)
            html = _differs(escape(text), text, today_texts[0], lang) if today else escape(text)
            cells = f'<td colspan="{len(hours)}">{html}</td>'
        else:
            cells = ""
            for i, (name, h) in enumerate(zip(names, hours)):
                text = hours_text(h, lang) if h is not None else label("not_stated", lang)
                html = _differs(escape(text), text, today_texts[i], lang) if today else escape(text)
                cells += f'<td data-label="{escape(name)}">{html}</td>'
        rows.append(f'<tr><th scope="row">{escape(plan.name(lang))}</th>{cells}</tr>')
    return (
        '<div class="policy-table" data-policy="response-targets">'
        f'<table data-stack><caption>{escape(label("targets_caption", lang))}</caption>'
        f'<thead><tr><th scope="col">{escape(label("plan", lang))}</th>{head}</tr></thead>'
        f'<tbody>{"".join(rows)}</tbody></table></div>'
    )


def render_priorities(policy: Policy, lang: Lang, today: Policy | None = None, level: int = 2) -> str:
    """Markdown: one heading per priority (`##`, or `level`), so each gets an anchor and a TOC entry."""
    parts = []
    for p in policy.priorities:
        now = next((t for t in today.priorities if t.id == p.id), None) if today is not None else None

        def text(value, today_value) -> str:
            html = escape(value(lang)) if value else ""
            if today is None:
                return html
            return _differs(html, value(lang) if value else "", today_value(lang) if today_value else None, lang)

        name = escape(p.name(lang).lower())
        if today is not None and (now is None or not reads_the_same(now.name(lang), p.name(lang))):
            name += " " + escape(f"({label('version_now_is', lang, value=now.name(lang).lower() if now else label('version_absent', lang))})")
        parts.append(f"{'#' * level} {escape(label('priority_n', lang, n=p.id))}\u00a0— {name} {{ #p{p.id} }}\n")
        parts.append(f"{text(p.definition, now.definition if now else None)}\n")
        if p.examples or (today is not None and now is not None and now.examples):
            shown = text(p.examples, now.examples if now else None) if p.examples else _differs(
                escape(label("version_absent", lang)), "", now.examples(lang), lang)
            parts.append(f"**{escape(label('examples', lang))}.** {shown}\n")
        parts.append(f"**{escape(label('resourcing', lang))}.** {text(p.resourcing, now.resourcing if now else None)}\n")
    return "\n".join(parts)


def _leads_to(policy: Policy, answer: GuideAnswer, lang: Lang, numbers: dict[str, int] | None = None) -> str:
    """Where an answer leads, in a few words: a question, a priority, or nowhere."""
    if answer.next is not None:
        if numbers is None:
            return label("guide_next_question", lang)
        return label("guide_to_question", lang, n=numbers[answer.next])
    if answer.priority is None:
        return label("guide_to_none", lang)
    priority = policy.priority(answer.priority)
    return label("guide_to_priority", lang, n=priority.id, name=priority.name(lang).lower())


def render_priority_guide(policy: Policy, lang: Lang) -> str:
    """Markdown: the guide's questions as a numbered list; each answer links to where it leads."""
    numbers = {q.id: n for n, q in enumerate(policy.priority_guide, start=1)}
    items = []
    for question in policy.priority_guide:
        answers = []
        for answer in question.answers:
            target = f"#guide-{answer.next}" if answer.next else (f"#p{answer.priority}" if answer.priority else "")
            leads = escape(_leads_to(policy, answer, lang, numbers))
            leads_html = f'<a href="{target}">{leads}</a>' if target else leads
            answers.append(f"<li><strong>{escape(answer.text(lang))}</strong> {leads_html}</li>")
        items.append(
            f'<li id="guide-{escape(question.id)}"><p>{escape(question.question(lang))}</p>'
            f'<ul>{"".join(answers)}</ul></li>'
        )
    return (
        f"## {escape(label('guide_heading', lang))} {{ #guide }}\n\n"
        f"{escape(label('guide_intro', lang))}\n\n"
        f'<ol class="policy-guide" data-policy="priority-guide">{"".join(items)}</ol>\n'
    )


def render_support_hours(policy: Policy, lang: Lang, today: Policy | None = None) -> str:
    hours = policy.support_hours

    def text(value, today_value) -> str:
        html = escape(value(lang))
        return _differs(html, value(lang), today_value(lang), lang) if today is not None else html

    now = today.support_hours if today is not None else hours
    return (
        '<div class="policy-hours" data-policy="support-hours">'
        f"<p><strong>{text(hours.text, now.text)}</strong></p><p>{text(hours.how, now.how)}</p></div>"
    )


# ─── The plan picker's form (build time) ─────────────────────────────────────

def _radio_group(name: str, legend: str, options: list[tuple[str, str, str]]) -> str:
    """A fieldset of native radio buttons: (value, label, hint) per option."""
    items = "".join(
        f'<label class="pp-choice"><input type="radio" name="{name}" value="{escape(value)}">'
        f'<span class="pp-choice__label">{escape(text)}</span>'
        + (f'<span class="pp-choice__hint">{escape(hint)}</span>' if hint else "")
        + "</label>"  # pragma: no mutate (equivalent: HTML tag and attribute names ignore case)
        for value, text, hint in options
    )
    return f'<fieldset class="pp-group pp-group--{name}"><legend>{escape(legend)}</legend>{items}</fieldset>'


def render_picker(policy: Policy, lang: Lang) -> str:
    """The picker's controls, its messages and the static tables it falls back to.
    Everything the visitor reads is written here, in `lang`."""
    plans = [(p.id, p.name(lang), "") for p in policy.plans]
    priorities = [
        (str(p.id), f"{label('priority_n', lang, n=p.id)}\u00a0— {p.name(lang).lower()}", p.summary(lang))
        for p in policy.priorities
    ]
    countries = "".join(
        f'<option value="{escape(p.country)}">{escape(p.country_name(lang))}</option>' for p in policy.countries()
    )
    to_tables = f'<a href="#pp-tables" data-pp-open-tables>{escape(label("picker_to_tables", lang))}</a>'
    loaded, total = "<span data-pp-loaded></span>", "<span data-pp-total></span>"  # pragma: no mutate (equivalent: HTML tag and attribute names ignore case)
    # The page's script shows one of these at a time; it fills in the figures of the spans.
    messages = "".join(
        f'<div data-pp-message="{key}" data-search-exclude>{html}</div>'
        for key, html in (
            ("loading", f'<p>{escape(label("picker_loading", lang))}</p>'),
            ("progress", f'<p>{escape(label("picker_progress", lang, loaded="{loaded}", total="{total}"))}</p>'
                         .format(loaded=loaded, total=total) + '<progress aria-hidden="true"></progress>'),
            ("starting", f'<p>{escape(label("picker_starting", lang))}</p>'),
            ("save-data", f'<p>{escape(label("picker_save_data", lang))}</p><button type="button" class="md-button md-button--primary" '
                          f'data-pp-start>{escape(label("picker_start", lang, size="{size}"))}</button>'  # pragma: no mutate (equivalent: without values label() gives the template, which .format(size=…) fills alike)
                          .format(size=total)),
            ("save-data-kept", f'<p>{escape(label("picker_save_data", lang))}</p><button type="button" class="md-button md-button--primary" '
                               f'data-pp-start>{escape(label("picker_start_kept", lang))}</button>'),
            ("choose", f'<p>{escape(label("choose", lang))}</p>'),
            ("failed", f'{escape(label("picker_failed", lang))} {to_tables}'),
            ("stalled", f'{escape(label("picker_stalled", lang))} {to_tables}'),
            ("missing", f'{escape(label("picker_missing", lang))} {to_tables}'),
        )
    )
    return (
        f'<div class="pp" data-picker data-lang="{lang}"><div class="pp-layout">'
        '<form class="pp-form" action="#" novalidate>'
        + _radio_group("plan", label("picker_plan", lang), plans)
        + _radio_group("priority", label("picker_priority", lang), priorities)
        + '<details class="pp-guide" data-pp-guide>'
        f'<summary>{escape(label("guide_summary", lang))}</summary>'
        '<div class="pp-guide__body" data-pp-guide-body aria-live="polite"></div></details>'
        + '<div class="pp-field"><label for="pp-country">'
        f'{escape(label("picker_country", lang))}</label>'
        f'<select id="pp-country" name="country"><option value="">{escape(label("picker_all_countries", lang))}'
        f"</option>{countries}</select></div>"
        "</form>"  # pragma: no mutate (equivalent: HTML tag and attribute names ignore case)
        '<div class="pp-side"><p class="pp-notice" data-pp-notice role="alert" hidden></p>'
        '<div class="pp-answer" data-pp-answer role="status" aria-live="polite" aria-atomic="true">'
        f'<noscript><p>{escape(label("picker_noscript", lang))}</p></noscript></div></div></div>'
        # The messages (each marked: Material's search parser ends an exclusion at the first
        # closing tag of the excluding element's kind, so a <div> around <div>s would not hold)
        # and the tables (the other pages' own) are left out of the search index.
        f'<div hidden data-pp-messages>{messages}</div>'
        f'<details class="pp-tables" id="pp-tables" data-search-exclude><summary>{escape(label("picker_tables", lang))}</summary>'
        f"{render_channels(policy, lang)}{render_response_targets(policy, lang)}</details>"
        "</div>"  # pragma: no mutate (equivalent: HTML tag and attribute names ignore case)
    )


# ─── The plan picker's answer (run time, in the browser) ─────────────────────

def answer_deadline(answer: Answer, now: datetime) -> datetime | None:
    """When the target response time runs out for a request sent at `now` (aware), in UTC,
    counted around the clock; None where the policy states no target."""
    if answer.target_hours is None:
        return None
    return (now + timedelta(hours=answer.target_hours)).astimezone(timezone.utc)


def iso_time(moment: datetime) -> str:
    """'2026-12-02T10:00:00Z': the `datetime` of the answer's <time>, and the key the page's
    script formats it under in the visitor's zone."""
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def render_answer(answer: Answer, lang: Lang, now: datetime) -> str:
    """The answer card. `now` must be timezone-aware; the deadline is written in UTC
    inside a <time> element, which the page shows in the visitor's own time zone."""
    plan_name = answer.plan.name(lang)
    heading = label("answer_heading", lang, plan=plan_name, n=answer.priority.id,
                    priority=answer.priority.name(lang).lower())
    # Paragraphs, not headings: the picker sits under an h1 on its own page and under an h2
    # on the overview, so any fixed heading level would skip a level in one of them.
    parts = [f'<p class="pp-answer__title">{escape(heading)}</p>']
    if answer.target_hours is None:
        parts.append(f'<p class="pp-answer__target">{escape(label("no_target", lang, plan=plan_name))}</p>')
    else:
        deadline = answer_deadline(answer, now)
        iso = iso_time(deadline)
        fallback = deadline.strftime("%Y-%m-%d %H:%M UTC")
        when = f'<time datetime="{iso}" data-local-time>{escape(fallback)}</time>'
        parts.append(
            f'<p class="pp-answer__target">{escape(label("target", lang))}: '
            f"<strong>{escape(hours_text(answer.target_hours, lang))}</strong></p>"
            f'<p class="pp-answer__when">{escape(label("expect_by", lang)).format(when=when)}</p>'
        )
    channels = list(answer.channels)
    if answer.priority.around_the_clock and answer.has_phone and answer.phone_numbers:
        # Zoom provides this priority's resources around the clock: say so in the policy's words and
        # list the phone first, without claiming that any channel is faster (the policy ranks none).
        parts.append(f'<p class="pp-answer__call-first">{escape(label("call_first", lang, n=answer.priority.id))}</p>')
        channels.sort(key=lambda channel: channel.kind != "phone")
    parts.append(f'<p class="pp-answer__subtitle">{escape(label("how_to_reach", lang))}</p><ul class="pp-answer__channels">')
    for channel in channels:
        name = escape(channel.name(lang))
        if channel.kind == "web_form" and channel.url:
            parts.append(f'<li><a href="{escape(channel.url)}">{name}</a></li>')
        elif channel.kind == "phone":
            # Never empty: the data file lists at least one number, and lookup() accepts only
            # a country that has one.
            numbers = "".join(
                f"<li>{escape(p.country_name(lang))}: {_phone_html(p, lang)}</li>" for p in answer.phone_numbers
            )
            parts.append(f"<li>{name}:<ul>{numbers}</ul></li>")
        else:
            parts.append(f"<li>{name}</li>")
    parts.append("</ul>")  # pragma: no mutate (equivalent: HTML tag and attribute names ignore case)
    return "".join(parts)


def render_guide_step(policy: Policy, step: GuideStep, lang: Lang) -> str:
    """The guide in the picker: the answers so far, then the next question or the result.
    The element to focus next carries data-guide-focus."""
    parts = []
    if step.answered:
        given = "".join(
            f"<li>{escape(q.question(lang))}\u00a0— <strong>{escape(a.text(lang))}</strong></li>" for q, a in step.answered
        )
        parts.append(f'<p class="pp-guide__label">{escape(label("guide_your_answers", lang))}</p>'
                     f'<ol class="pp-guide__answered">{given}</ol>')
    if step.question is not None:
        n = len(step.answered) + 1
        buttons = "".join(
            f'<button type="button" class="pp-guide__answer" data-guide-answer="{i}">'
            f'<span class="pp-guide__text">{escape(a.text(lang))}</span>'
            f'<span class="pp-guide__leads">{escape(_leads_to(policy, a, lang))}</span></button>'
            for i, a in enumerate(step.question.answers)
        )
        parts.append(
            f'<fieldset class="pp-guide__question"><legend tabindex="-1" data-guide-focus>'
            f'<span class="pp-guide__n">{escape(label("guide_question_n", lang, n=n))}. </span>'
            f"{escape(step.question.question(lang))}</legend>{buttons}</fieldset>"
        )
    elif step.priority is not None:
        parts.append(_guide_result(step.priority, lang))
    else:
        parts.append(f'<p class="pp-guide__result" tabindex="-1" data-guide-focus>{escape(label("guide_none", lang))}</p>')
    if step.answered:
        parts.append(f'<button type="button" class="pp-guide__restart" data-guide-restart>'
                     f'{escape(label("guide_restart", lang))}</button>')
    return "".join(parts)


def _guide_result(priority: Priority, lang: Lang) -> str:
    return (
        '<div class="pp-guide__result">'
        f'<p tabindex="-1" data-guide-focus><strong>'
        f'{escape(label("guide_suggest", lang, n=priority.id, name=priority.name(lang).lower()))}</strong></p>'
        f'<p>{escape(label("guide_definition", lang))}</p>'
        f"<blockquote>{escape(priority.definition(lang))}</blockquote>"
        f'<p>{escape(label("guide_applied", lang))}</p></div>'
    )


def render_guide(policy: Policy, path: list[int], lang: Lang) -> tuple[str, int | None]:
    """HTML of the guide after `path`, and the suggested priority id once there is one."""
    step = walk(policy, path)
    return render_guide_step(policy, step, lang), (step.priority.id if step.priority else None)


# ─── The changelog and the JSON export's page (build time) ───────────────────

def date_text(day, lang: Lang) -> str:
    """'25 ноября 2026 г.' / 'November 25, 2026' (as the pages' "last update" dates)."""
    month = label("months", lang).split()[day.month - 1]
    return label("date", lang, day=day.day, month=month, year=day.year)


def entry_anchors(changelog) -> list[str]:
    """Each entry's id on the "What changed" page: its date, and -2, -3 for a second or third
    entry of the same day (the feed links to them too)."""
    anchors, seen = [], {}
    for entry in changelog.entries:
        anchor = entry.date.isoformat()
        seen[anchor] = seen.get(anchor, 0) + 1
        anchors.append(anchor if seen[anchor] == 1 else f"{anchor}-{seen[anchor]}")
    return anchors


def render_changelog(changelog, lang: Lang, version_link=None) -> str:
    """Markdown: one `##` section per entry, newest first: the summary, a link to the policy as
    of that entry (`version_link(anchor)`, a link target, or None where there is none), then a
    table of the facts that changed (fact, before, after). `changelog` is a changelog.Changelog."""
    parts = []
    for entry, anchor in zip(changelog.entries, entry_anchors(changelog)):
        when = date_text(entry.date, lang)
        parts.append(f"## {escape(when)} {{ #{anchor} }}\n")
        parts.append(f"{escape(entry.summary(lang))}\n")
        target = version_link(anchor) if version_link else None
        if target:
            parts.append(f'[{escape(label("versions_entry_link", lang))}]({target}){{ data-policy="version-link" }}\n')
        if entry.changes:
            rows = "".join(
                f'<tr><th scope="row">{escape(c.fact(lang))}</th>'
                f'<td>{escape(c.before(lang) if c.before else label("changelog_new", lang))}</td>'
                f'<td>{escape(c.after(lang) if c.after else label("changelog_removed", lang))}</td></tr>'
                for c in entry.changes
            )
            parts.append(
                '<div class="policy-table" data-policy="changelog">'
                f'<table><caption>{escape(label("changelog_caption", lang, date=when))}</caption>'
                f'<thead><tr><th scope="col">{escape(label("changelog_fact", lang))}</th>'
                f'<th scope="col">{escape(label("changelog_from", lang))}</th>'
                f'<th scope="col">{escape(label("changelog_to", lang))}</th></tr></thead>'
                f"<tbody>{rows}</tbody></table></div>\n"
            )
    return "\n".join(parts)


def render_export_urls(urls: list[tuple[str, str, str]], lang: Lang) -> str:
    """The export's addresses: (label key, href, full address shown) per file."""
    items = "".join(
        f'<li>{escape(label(key, lang))}: <a href="{escape(href)}"><code>{escape(shown)}</code></a></li>'
        for key, href, shown in urls
    )
    return f'<ul class="policy-export" data-policy="export-urls">{items}</ul>'


def render_export_example(document: dict) -> str:
    """An excerpt of the export as a code block: the version, the support hours, and the
    first entry of the channels, phone numbers and plans (the first with targets)."""
    import json

    plans = document["plans"]
    excerpt = {
        "version": document["version"],
        "support_hours": document["support_hours"],
        "channels": document["channels"][:1],
        "phone_numbers": document["phone_numbers"][:1],
        "plans": [next((p for p in plans if p["response_target_hours"]), plans[0])],
    }

    def dump(value: object, indent: str = "") -> str:
        # JSON as in the file, with each value that fits on a line of 90 characters kept on one.
        flat = json.dumps(value, ensure_ascii=False)  # pragma: no mutate (equivalent: ensure_ascii=None is as false as False)
        if len(indent) + len(flat) <= 90 or not isinstance(value, (dict, list)) or not value:
            return flat
        inner = indent + "  "
        if isinstance(value, dict):
            items = [f"{inner}{json.dumps(k, ensure_ascii=False)}: {dump(v, inner)}" for k, v in value.items()]  # pragma: no mutate (equivalent: ensure_ascii=None is as false as False)
            return "{\n" + ",\n".join(items) + f"\n{indent}}}"
        return "[\n" + ",\n".join(inner + dump(v, inner) for v in value) + f"\n{indent}]"

    return f'<pre data-policy="export-example"><code class="language-json">{escape(dump(excerpt))}</code></pre>'


# ─── The policy's versions (build time) ──────────────────────────────────────

def _period(version, lang: Lang) -> str:
    since = date_text(version.date, lang)
    if version.until is None:
        return label("versions_current", lang, since=since)
    return label("versions_range", lang, since=since, until=date_text(version.until, lang))


def render_versions(versions, lang: Lang, page_link) -> str:
    """Markdown: the versions, newest first (a versions.Version each), with the dates each was
    in force and its summary; `page_link(slug)` is a version page's Markdown link target."""
    if not versions:
        return f'<p data-policy="versions">{escape(label("versions_none", lang))}</p>\n'
    rows = "".join(
        f'<tr><th scope="row"><a href="{escape(page_link(v.slug))}">{escape(date_text(v.date, lang))}</a></th>'
        f'<td data-label="{escape(label("versions_period", lang))}">{escape(_period(v, lang))}</td>'
        f'<td data-label="{escape(label("versions_summary", lang))}">{escape(v.entry.summary(lang))}</td></tr>'
        for v in versions
    )
    return (
        '<div class="policy-table" data-policy="versions">'
        f'<table data-stack><caption>{escape(label("versions_caption", lang))}</caption>'
        f'<thead><tr><th scope="col">{escape(label("versions_version", lang))}</th>'
        f'<th scope="col">{escape(label("versions_period", lang))}</th>'
        f'<th scope="col">{escape(label("versions_summary", lang))}</th></tr></thead>'
        f"<tbody>{rows}</tbody></table></div>\n"
    )


def render_version_differences(changes, lang: Lang) -> str:
    """The facts of a version that read differently today (versions.FactChange, old = the
    version, new = today), as a table."""
    changes = [c for c in changes if not reads_the_same(c.before(lang) if c.before else None,
                                                        c.after(lang) if c.after else None)]
    if not changes:
        return f'<p data-policy="version-differences">{escape(label("version_no_differences", lang))}</p>\n'
    absent = label("version_absent", lang)
    rows = "".join(
        f'<tr><th scope="row">{escape(c.fact(lang))}</th>'
        f'<td data-label="{escape(label("version_this", lang))}">{escape(c.before(lang) if c.before else absent)}</td>'
        f'<td data-label="{escape(label("version_now", lang))}">{escape(c.after(lang) if c.after else absent)}</td></tr>'
        for c in changes
    )
    return (
        f'{escape(label("version_differences_intro", lang))}\n\n'
        '<div class="policy-table" data-policy="version-differences">'
        f'<table data-stack><caption>{escape(label("version_differences", lang))}</caption>'
        f'<thead><tr><th scope="col">{escape(label("changelog_fact", lang))}</th>'
        f'<th scope="col">{escape(label("version_this", lang))}</th>'
        f'<th scope="col">{escape(label("version_now", lang))}</th></tr></thead>'
        f"<tbody>{rows}</tbody></table></div>\n"
    )


def render_version(version, today: Policy, differences, lang: Lang, links: dict[str, str]) -> str:
    """Markdown of a version page: a banner with the dates it was in force, what differs from
    today, then the whole policy as it stood, by the same functions as today's pages, each
    fact that reads differently today marked. `links`: "home", "next" (or absent), "json",
    "changelog" and "versions" addresses."""
    when = date_text(version.date, lang)
    since = escape(when)
    pages = f'<a href="{escape(links["home"])}">{escape(label("version_pages", lang))}</a>'
    if version.until is None:
        period = escape(label("version_current", lang, since="{since}", pages="{pages}")).format(since=since, pages=pages)
    else:
        pages_at = f'<a href="{escape(links["home"])}">{escape(label("version_pages_at", lang))}</a>'
        following = f'<a href="{escape(links["next"])}">{escape(label("version_next_link", lang))}</a>'
        period = escape(label("version_old", lang, since="{since}", until="{until}", next="{next}",
                              pages_at="{pages_at}")).format(
            since=since, until=escape(date_text(version.until, lang)), next=following, pages_at=pages_at)
    more = " · ".join(
        f'<a href="{escape(links[key])}">{escape(label(name, lang))}</a>'
        for key, name in (("changelog", "version_changelog"), ("json", "version_json"), ("versions", "versions_link"))
    )
    return "\n".join([
        f"# {escape(label('version_title', lang, date=when))}\n",
        f'<div class="policy-version admonition {"info" if version.until is None else "warning"}" '
        f'data-policy="version-banner" role="note">'
        f'<p class="admonition-title">{escape(label("version_banner_title", lang, date=when))}</p>'
        f"<p>{period}</p><p>{escape(version.entry.summary(lang))}</p><p>{more}</p></div>\n",
        f"## {escape(label('version_differences', lang))} {{ #differences }}\n",
        render_version_differences(differences, lang),
        f"## {escape(label('version_section_hours', lang))} {{ #support-hours }}\n",
        render_support_hours(version.policy, lang, today) + "\n",
        f"## {escape(label('version_section_channels', lang))} {{ #channels }}\n",
        render_channels(version.policy, lang, today) + "\n",
        f"## {escape(label('version_section_priorities', lang))} {{ #priorities }}\n",
        render_priorities(version.policy, lang, today, level=3),
        f"## {escape(label('version_section_targets', lang))} {{ #response-time }}\n",
        render_response_targets(version.policy, lang, today) + "\n",
    ])
