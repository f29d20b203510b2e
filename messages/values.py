"""How recorded values are shown to users: one place for labels and value formats."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from messages.matrix_content import Names, no_names, pill
from messages.reply import Reply
from messages.text import Text
from messages.texts import (
    decision_word,
    euro,
    format_date,
    funding_word,
    party_word,
    priority_word,
    render,
    render_count,
    status_word,
    word,
)
from plan.reminder_stages import StageName

# field or column name → label text key
LABELS = {
    "title": "label.title",
    "field_code": "label.field",
    "department": "label.department",
    "priority": "label.priority",
    "goal_number": "label.goal",
    "deadline": "label.deadline",
    "text": "label.text",
    "status": "label.status",
    "progress": "label.progress",
    "name": "label.name",
    "room": "label.room",
    "contacts": "label.contacts",
    "involved": "label.involved",
    "funding": "label.funding",
    "amount_cents": "label.amount_cents",
    "council_paper": "label.council_paper",
    "decision": "label.decision",
    "party_kind": "label.party_kind",
}


def percent(value: float) -> str:
    """A progress or an average of progresses, e.g. "40 %" (rounded to a whole number)."""
    return f"{value:.0f} %"


def update_facts(language: str, status: str | None, progress: int | None) -> Text:
    """ " (laufend, 40 %)": what an update set, after its text; empty when it set neither."""
    facts = [
        status_word(language, status) if status else None,
        percent(progress) if progress is not None else None,
    ]
    shown = ", ".join(f for f in facts if f)
    return render(language, "update.facts", facts=shown) if shown else Text.of("")


def label(language: str, key: str) -> str:
    """The label of a recorded field."""
    return word(language, LABELS[key]) if key in LABELS else key


def value(language: str, key: str, raw: Any) -> str:
    """A recorded value as users read it: dates, statuses, priorities, progress, lists.

    Values come as the audit trail keeps them: codes for departments, ISO dates.
    """
    if raw is None or raw == "" or raw == []:
        return word(language, "none")
    if isinstance(raw, list):
        return ", ".join(str(item) for item in raw)
    if key == "status":
        return status_word(language, raw)
    if key == "priority":
        return priority_word(language, raw)
    if key == "funding":
        return funding_word(language, raw)
    if key == "decision":
        return decision_word(language, raw)
    if key == "amount_cents":
        return euro(language, raw)
    if key == "party_kind":
        return party_word(language, raw)
    if key == "progress":
        return percent(raw)
    if key == "deadline":
        return format_date(language, date.fromisoformat(raw) if isinstance(raw, str) else raw)
    if key == "text":
        return render(language, "quoted", text=raw).plain
    return str(raw)


def change_lines(language: str, changed: dict[str, tuple[Any, Any]]) -> list[Text]:
    """ "Label: before → after" for each changed field."""
    return [
        render(
            language,
            "measure.change",
            label=label(language, key),
            before=value(language, key, before),
            after=value(language, key, after),
        )
        for key, (before, after) in changed.items()
    ]


def changes_reply(
    language: str, changed: dict[str, tuple[Any, Any]], done: Text, unchanged: Text
) -> Reply:
    """The answer to an edit: `done` and each change as before → after, or `unchanged`."""
    if not changed:
        return Reply(lines=(unchanged,))
    return Reply(lines=(done,), items=tuple(change_lines(language, changed)))


def stage_text(language: str, name: str) -> str:
    """A reminder stage in words: "14 Tage vor der Frist", "überfällig (Tag 8)"."""
    stage = StageName.of(name)
    if stage.overdue:
        return render(language, "reminders.stage_overdue", n=stage.days).plain
    if not stage.days:
        return word(language, "reminders.stage_due_day")
    return render_count(language, "reminders.stage_before", stage.days).plain


def responsible(language: str, lead: str | None, involved: Sequence[str]) -> Text:
    """Who answers for a measure: the lead's code, and the others involved, e.g.
    "FB18 (mit HMTG, OE-IA)"; a dash for none."""
    shown = Text.of(lead or word(language, "none"))
    if not involved:
        return shown
    return render(language, "lead_and_involved", lead=shown, involved=", ".join(involved))


def funding_facts(
    language: str,
    funding: str | None,
    amount_cents: int | None,
    council_paper: str | None,
    decision: str | None,
) -> Text | None:
    """ "zusätzlich · 25.000 € · Drucksache 1234/2026 · Beschluss: offen", or None when
    nothing about the measure's money is recorded."""
    if not any((funding, amount_cents, council_paper, decision)):
        return None
    return render(
        language,
        "funding.facts",
        funding=funding_word(language, funding),
        amount=euro(language, amount_cents),
        paper=council_paper or word(language, "none"),
        decision=decision_word(language, decision),
    )


def contact(
    language: str,
    user_id: str,
    away_until: date | None = None,
    deputy: str | None = None,
    names: Names = no_names,
) -> Text:
    """A department contact as a pill; one who is away with until when and who stands in,
    e.g. "@anna:hs (abwesend bis 11.12.2026, Vertretung @ben:hs)"."""
    shown = pill(user_id, names)
    if away_until is None:
        return shown
    if deputy is None:
        return render(language, "contact.away", contact=shown, until=away_until)
    return render(
        language, "contact.away_deputy", contact=shown, until=away_until, deputy=pill(deputy, names)
    )
