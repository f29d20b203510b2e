"""The weekly digest as a message: a headline, one section per field of action, a chart.

German or English, HTML with headings and lists and a clean plain body; the chart is
drawn by `services.digest_chart` in a worker thread.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import replace
from functools import partial

from messages import dates
from messages.matrix_content import Names, no_names, person
from messages.reply import Attachment, Reply, Section
from messages.text import Text
from messages.texts import days_until, format_date, render, render_count, status_word, word
from messages.values import percent, responsible
from plan.vocabulary import Status
from services.digest import Digest
from services.digest_chart import render_chart

LIST_LIMIT = 10
SNIPPET_WORDS = 12


def _snippet(text: str) -> str:
    words = text.split()
    return " ".join(words[:SNIPPET_WORDS]) + (" …" if len(words) > SNIPPET_WORDS else "")


def _limited(language: str, items: list[Callable[[], Text]]) -> tuple[Text, ...]:
    """Render at most LIST_LIMIT items and say how many more there are."""
    shown = [make() for make in items[:LIST_LIMIT]]
    if len(items) > LIST_LIMIT:
        shown.append(render_count(language, "measures.more_short", len(items) - LIST_LIMIT))
    return tuple(shown)


def digest_reply(digest: Digest, language: str, names: Names = no_names) -> Reply:
    """The digest as a message: headline, then one section per field of action; people
    by their display names in `names`.

    Items are rendered lazily: a busy week may have thousands of updates, of which
    each section shows the first LIST_LIMIT.
    """
    today = digest.week.today
    tz = digest.week.now.tzinfo
    new_updates = sum(len(f.updates) for f in digest.fields)
    overdue = sum(len(f.overdue) for f in digest.fields)
    lines = [
        render(
            language,
            "digest.headline",
            week=digest.week.week,
            updates=render_count(language, "digest.new_updates", new_updates),
            overdue=render_count(language, "digest.missed", overdue),
            date=format_date(language, today),
        )
    ]
    if digest.scope.week is not None:
        lines.append(render(language, "digest.as_of_past", week=digest.week.week))
    if digest.scope.department is not None:
        lines.append(render(language, "digest.only_party", department=digest.scope.department))
    sections: list[Section] = []
    for entry in digest.fields:
        statuses = ", ".join(
            f"{status_word(language, s)} {entry.by_status[s.value]}"
            for s in Status
            if entry.by_status.get(s.value)
        )
        progress = (
            percent(entry.average_progress)
            if entry.average_progress is not None
            else word(language, "none")
        )
        summary = render_count(
            language,
            "digest.status_line",
            entry.total,
            statuses=statuses or word(language, "none"),
            progress=progress,
        )
        items: list[Callable[[], Text]] = []
        items += [
            partial(
                render,
                language,
                "digest.update",
                id=u.measure_id,
                who=person(u.author, names),
                text=_snippet(u.text),
                when=dates.day_month(u.at.astimezone(tz)),
            )
            for u in entry.updates
        ]
        items += [
            partial(
                render,
                language,
                "digest.status_change",
                id=u.measure_id,
                before=status_word(language, u.status_before),
                after=status_word(language, u.status),
                who=person(u.author, names),
            )
            for u in entry.status_changes
        ]
        items += [
            partial(
                render,
                language,
                key,
                id=m.id,
                title=m.title,
                date=format_date(language, m.deadline),
                distance=days_until(language, m.deadline, today),
                department=responsible(language, m.department, m.involved),
            )
            for key, measures in (("digest.due", entry.due_soon), ("digest.overdue", entry.overdue))
            for m in measures
            if m.deadline
        ]
        items += [
            partial(render, language, "digest.stale", id=m.id, title=m.title) for m in entry.stale
        ]
        items += [
            partial(
                render,
                language,
                "digest.acknowledged",
                id=m.id,
                who=person(r.acknowledged_by, names) if r.acknowledged_by else "",
                when=dates.day_month(r.acknowledged_at.astimezone(tz)) if r.acknowledged_at else "",
            )
            for m, r in entry.acknowledged
        ]
        if not items:
            items.append(partial(render, language, "digest.quiet"))
        sections.append(
            Section(
                render(language, "digest.field", code=entry.code, name=entry.name),
                (summary, *_limited(language, items)),
            )
        )
    footer = (
        render(language, "digest.without_contact", codes=", ".join(digest.without_contact))
        if digest.without_contact
        else None
    )
    return Reply(lines=tuple(lines), sections=tuple(sections), footer=footer)


async def chart_attachment(digest: Digest, language: str) -> Attachment:
    """The PNG chart of the digest, drawn off the event loop."""
    data, width, height = await asyncio.to_thread(render_chart, digest, language)
    return Attachment(
        f"bericht-kw{digest.week.week:02d}.png", "image/png", data, "m.image", width, height
    )


async def digest_with_chart(digest: Digest, language: str, names: Names = no_names) -> Reply:
    """The whole digest as one reply: its text and its chart."""
    reply = digest_reply(digest, language, names)
    return replace(reply, attachments=(await chart_attachment(digest, language),))
