"""The council report (Sachstandsbericht): per field of action a status table and the
updates of a period, as Markdown or HTML to paste into a council paper."""

from __future__ import annotations

import html
import re
from datetime import date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from messages import dates
from messages.texts import format_date, render, render_count, status_word, word
from messages.values import percent
from storage.repositories import Store
from storage.repositories.reports import UpdateRow

# the table's columns
COLUMNS = (
    "report.col.id",
    "report.col.title",
    "report.col.department",
    "report.col.status",
    "report.col.progress",
    "report.col.deadline",
)
ReportFormat = Literal["md", "html"]
# what starts inline Markdown: emphasis, code, links and images, table cells, escapes
_MARKDOWN = re.compile(r"([\\`*_\[\]!|])")


def _md(text: str) -> str:
    """User text as literal Markdown on one line: no HTML, link, image or emphasis survives."""
    return _MARKDOWN.sub(r"\\\1", html.escape(" ".join(text.split()), quote=False))


async def council_report(
    store: Store, start: date, end: date, tz: ZoneInfo, language: str, fmt: ReportFormat
) -> str:
    """The report for the days `start` to `end` (both included) in `fmt` "md" or "html"."""
    since = datetime.combine(start, time.min, tzinfo=tz)
    until = datetime.combine(end + timedelta(days=1), time.min, tzinfo=tz) - timedelta(
        microseconds=1
    )
    updates = await store.reports.updates_between(since, until)
    measures = await store.reports.measures()
    columns = [word(language, key) for key in COLUMNS]
    none = word(language, "none")
    title = render(
        language, "report.title", start=format_date(language, start), end=format_date(language, end)
    ).plain
    parts: list[str] = []
    if fmt == "md":
        parts.append(f"# {title}\n")
    else:
        parts.append(f"<h1>{html.escape(title)}</h1>")
    for f in await store.fields.all():
        rows = [
            [
                f"M{m.id}",
                m.title,
                m.department.code if m.department else none,
                status_word(language, m.status),
                percent(m.progress),
                format_date(language, m.deadline) if m.deadline else none,
            ]
            for m in measures
            if m.field_code == f.code
        ]
        narrative = [u for u in updates if u.field_code == f.code]
        heading = f"{f.code} – {f.name}"
        summary = render(
            language,
            "report.summary",
            measures=render_count(language, "report.measures", len(rows)),
            updates=render_count(language, "report.updates", len(narrative)),
        ).plain
        if fmt == "md":
            parts += [f"\n## {_md(heading)}\n", summary + "\n"]
            if rows:
                parts.append("| " + " | ".join(columns) + " |")
                parts.append("|" + "---|" * len(columns))
                parts += ["| " + " | ".join(_md(c) for c in row) + " |" for row in rows]
            parts.append(f"\n### {word(language, 'report.narrative')}\n")
            parts += [f"- {_md(_line(u, tz, language))}" for u in narrative] or [
                f"- {word(language, 'report.no_updates')}"
            ]
        else:
            parts += [f"<h2>{html.escape(heading)}</h2>", f"<p>{html.escape(summary)}</p>"]
            if rows:
                head = "".join(f"<th>{html.escape(c)}</th>" for c in columns)
                body = "".join(
                    "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>"
                    for row in rows
                )
                parts.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
            parts.append(f"<h3>{html.escape(word(language, 'report.narrative'))}</h3><ul>")
            parts += [f"<li>{html.escape(_line(u, tz, language))}</li>" for u in narrative] or [
                f"<li>{html.escape(word(language, 'report.no_updates'))}</li>"
            ]
            parts.append("</ul>")
    if fmt == "html":
        return (
            f'<!DOCTYPE html>\n<html lang="{html.escape(language)}"><head><meta charset="utf-8">'
            f"<title>{html.escape(title)}</title></head><body>\n"
            + "\n".join(parts)
            + "\n</body></html>\n"
        )
    return "\n".join(parts) + "\n"


def _line(update: UpdateRow, tz: ZoneInfo, language: str) -> str:
    """One update of the period: date, measure, status if it set one, text."""
    values = {
        "date": dates.day(update.at.astimezone(tz).date()),
        "id": update.measure_id,
        "title": update.title,
        "text": update.text,
    }
    if update.status:
        values["status"] = status_word(language, update.status)
        return render(language, "report.update_with_status", **values).plain
    return render(language, "report.update", **values).plain
