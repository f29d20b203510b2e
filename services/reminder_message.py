"""The day's reminder message of one room: its deadlines, its overdue measures and its
questions for a Sachstand, each listed once, each person mentioned once.

Whom an entry names follows `plan.stand_ins`: a contact who is away is replaced by the
deputy they named (or left out; if nobody of the department is there, the coordinators
are named). Overdue measures also name the coordinators.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from messages.matrix_content import Names, no_names, pill
from messages.reply import Reply, Section
from messages.text import Text
from messages.texts import days_until, format_date, render, render_count
from plan.reminder_stages import Stage
from plan.stand_ins import mentioned
from services.settings import Settings
from storage.models import Measure


@dataclass(frozen=True)
class Due:
    """One measure in a day's reminder message: a stage of its deadline, or (without a
    stage) a question for a Sachstand, with when the last update came (None: never)."""

    measure: Measure
    stage: Stage | None
    last_update: datetime | None = None
    # a reminder that also stands for the question due the same day (it asks for one too)
    asks: bool = False

    @property
    def key(self) -> str:
        """What the entry is, e.g. "M7:d3" or "M7:ask": it names the entry in a message id."""
        return f"M{self.measure.id}:{self.stage.name if self.stage else 'ask'}"


def addressees(due: Due, away: Mapping[str, str | None], settings: Settings) -> tuple[str, ...]:
    """Who is named for `due`: the department's contacts or their stand-ins."""
    department = due.measure.department
    assert department is not None
    contacts = [c.user_id for c in department.contacts]
    return mentioned(contacts, away, sorted(settings.coordinators))


def daily_reply(
    entries: Sequence[Due],
    away: Mapping[str, str | None],
    settings: Settings,
    today: date,
    names: Names = no_names,
) -> Reply:
    """The message for one room and day listing `entries` (reminders before their
    deadline, overdue ones, questions), mentioning everybody named once, by `names`."""
    language = settings.language
    sections: list[Section] = []
    before = [e for e in entries if e.stage is not None and not e.stage.overdue]
    overdue = [e for e in entries if e.stage is not None and e.stage.overdue]
    questions = [e for e in entries if e.stage is None]
    named: dict[str, None] = {}
    for heading, group in (
        ("reminders.daily.before", before),
        ("reminders.daily.overdue", overdue),
        ("reminders.daily.questions", questions),
    ):
        if group:
            lines = []
            for entry in group:
                people = addressees(entry, away, settings)
                named.update(dict.fromkeys(people))
                lines.append(_entry(language, entry, people, today, settings.tz, names))
            sections.append(Section(render(language, heading, n=len(group)), tuple(lines)))
    lines = [render_count(language, "reminders.daily.headline", len(entries))]
    if overdue:
        coordinators = sorted(settings.coordinators)
        named.update(dict.fromkeys(coordinators))
        pills = Text.join(", ", [pill(u, names) for u in coordinators])
        lines.append(render(language, "reminders.daily.escalated", coordinators=pills))
    footer = render(language, "reminders.daily.how", id=entries[0].measure.id)
    return Reply(lines=tuple(lines), sections=tuple(sections), footer=footer, mentions=tuple(named))


def _entry(
    language: str, entry: Due, people: Sequence[str], today: date, tz: ZoneInfo, names: Names
) -> Text:
    measure = entry.measure
    department = measure.department
    assert department is not None
    values = {
        "id": measure.id,
        "title": measure.title,
        "department": department.code,
        "contacts": Text.join(", ", [pill(u, names) for u in people]),
    }
    if entry.stage is None:
        if entry.last_update is None:
            return render(language, "reminders.daily.never_updated", **values)
        last = entry.last_update.astimezone(tz).date()
        return render(
            language, "reminders.daily.question", last=format_date(language, last), **values
        )
    assert measure.deadline is not None
    return render(
        language,
        "reminders.daily.deadline",
        date=format_date(language, measure.deadline),
        distance=days_until(language, measure.deadline, today),
        **values,
    )
