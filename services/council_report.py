"""The council report (Sachstandsbericht): per field of action a status table and the
updates of a period, as Markdown or HTML to paste into a council paper."""

from __future__ import annotations

import html
import re
from datetime import date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from messages import dates, values
from messages.texts import (
    decision_word,
    euro,
    format_date,
    render,
    render_count,
    status_word,
    word,
)
from messages.values import percent
from plan.funding import Decision, Funding
from storage.models import Measure
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
FUNDING_COLUMNS = (
    "report.col.id",
    "report.col.title",
    "report.col.department",
    "report.col.amount",
    "report.col.council_paper",
    "report.col.decision",
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
    """The report for the days `start` to `end` (both included) in `fmt` "md" or "html":
    per field of action a status table and the period's updates, then the measures that
    need additional funds."""
    since = datetime.combine(start, time.min, tzinfo=tz)
    until = datetime.combine(end + timedelta(days=1), time.min, tzinfo=tz) - timedelta(
        microseconds=1
    )
    updates = await store.reports.updates_between(since, until)
    measures = await store.reports.measures()
    none = word(language, "none")
    title = render(
        language, "report.title", start=format_date(language, start), end=format_date(language, end)
    ).plain
    out = _Writer(fmt)
    out.heading(1, title)
    for f in await store.fields.all():
        rows = [
            [
                f"M{m.id}",
                m.title,
                _responsible(language, m),
                status_word(language, m.status),
                percent(m.progress),
                format_date(language, m.deadline) if m.deadline else none,
            ]
            for m in measures
            if m.field_code == f.code
        ]
        narrative = [u for u in updates if u.field_code == f.code]
        out.heading(2, f"{f.code} – {f.name}")
        out.paragraph(
            render(
                language,
                "report.summary",
                measures=render_count(language, "report.measures", len(rows)),
                updates=render_count(language, "report.updates", len(narrative)),
            ).plain
        )
        out.table([word(language, key) for key in COLUMNS], rows)
        out.heading(3, word(language, "report.narrative"))
        out.bullets(
            [_line(u, tz, language) for u in narrative] or [word(language, "report.no_updates")]
        )
    _funding_section(out, language, [m for m in measures if m.funding == Funding.ADDITIONAL])
    return out.document(title, language)


def _responsible(language: str, measure: Measure) -> str:
    lead = measure.department.code if measure.department else None
    return values.responsible(language, lead, [d.code for d in measure.involved]).plain


def _funding_section(out: _Writer, language: str, measures: list[Measure]) -> None:
    """The measures that need funds beyond the existing budgets, and what they come to."""
    out.heading(2, word(language, "report.funding_heading"))
    if not measures:
        out.paragraph(word(language, "report.no_funding"))
        return

    def total(decision: Decision | None = None) -> str:
        # no decision recorded yet counts as open, so that the parts add up to the whole
        chosen = [
            m for m in measures if decision is None or (m.decision or Decision.OPEN) == decision
        ]
        return euro(language, sum(m.amount_cents or 0 for m in chosen))

    none = word(language, "none")
    out.table(
        [word(language, key) for key in FUNDING_COLUMNS],
        [
            [
                f"M{m.id}",
                m.title,
                _responsible(language, m),
                euro(language, m.amount_cents),
                m.council_paper or none,
                decision_word(language, m.decision),
            ]
            for m in measures
        ],
    )
    out.paragraph(
        render(
            language,
            "report.funding_total",
            total=total(),
            adopted=total(Decision.ADOPTED),
            open=total(Decision.OPEN),
            rejected=total(Decision.REJECTED),
        ).plain
    )


class _Writer:
    """Markdown or HTML, block by block; every text passed in is escaped for its format."""

    def __init__(self, fmt: ReportFormat) -> None:
        self.fmt = fmt
        self.parts: list[str] = []

    def heading(self, level: int, text: str) -> None:
        if self.fmt == "md":
            self.parts.append(f"\n{'#' * level} {_md(text)}\n")
        else:
            self.parts.append(f"<h{level}>{html.escape(text)}</h{level}>")

    def paragraph(self, text: str) -> None:
        if self.fmt == "md":
            self.parts.append(_md(text) + "\n")
        else:
            self.parts.append(f"<p>{html.escape(text)}</p>")

    def table(self, columns: list[str], rows: list[list[str]]) -> None:
        if not rows:
            return
        if self.fmt == "md":
            self.parts.append("| " + " | ".join(_md(c) for c in columns) + " |")
            self.parts.append("|" + "---|" * len(columns))
            self.parts += ["| " + " | ".join(_md(c) for c in row) + " |" for row in rows]
            self.parts.append("")
            return
        head = "".join(f"<th>{html.escape(c)}</th>" for c in columns)
        body = "".join(
            "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in rows
        )
        self.parts.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")

    def bullets(self, items: list[str]) -> None:
        if self.fmt == "md":
            self.parts += [f"- {_md(item)}" for item in items]
        else:
            self.parts.append(
                "<ul>" + "".join(f"<li>{html.escape(item)}</li>" for item in items) + "</ul>"
            )

    def document(self, title: str, language: str) -> str:
        """The whole report."""
        if self.fmt == "html":
            return (
                f'<!DOCTYPE html>\n<html lang="{html.escape(language)}"><head>'
                f'<meta charset="utf-8"><title>{html.escape(title)}</title></head><body>\n'
                + "\n".join(self.parts)
                + "\n</body></html>\n"
            )
        return "\n".join(self.parts).lstrip("\n") + "\n"


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
