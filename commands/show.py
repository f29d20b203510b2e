"""How recorded values are shown to users: one place for labels and value formats."""

from __future__ import annotations

from datetime import date
from typing import Any

from commands.context import CommandContext
from storage.models import Department

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
}


def label(ctx: CommandContext, key: str) -> str:
    """The label of a recorded field."""
    return ctx.word(LABELS[key]) if key in LABELS else key


def value(ctx: CommandContext, key: str, raw: Any) -> str:
    """A recorded value as users read it: dates, statuses, priorities, progress, lists."""
    if raw is None or raw == "" or raw == []:
        return ctx.word("none")
    if isinstance(raw, Department):
        return raw.code
    if isinstance(raw, list):
        return ", ".join(str(item) for item in raw)
    if key == "status":
        return ctx.word(f"status.{raw}")
    if key == "priority":
        return ctx.word(f"priority.{raw}")
    if key == "progress":
        return f"{raw} %"
    if key == "deadline":
        return ctx.date(date.fromisoformat(raw) if isinstance(raw, str) else raw)
    if key == "text":
        return f"„{raw}“"
    return str(raw)


def change_lines(ctx: CommandContext, changed: dict[str, tuple[Any, Any]]) -> list[Any]:
    """ "Label: before → after" for each changed field."""
    return [
        ctx.text(
            "measure.change",
            label=label(ctx, key),
            before=value(ctx, key, before),
            after=value(ctx, key, after),
        )
        for key, (before, after) in changed.items()
    ]
