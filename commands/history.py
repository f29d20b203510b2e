"""`!verlauf`: the audit trail of a measure, one line per change, newest page first."""

from __future__ import annotations

from typing import assert_never

from commands import lookup, paging
from commands.context import CommandContext
from commands.spec import MEASURE, command
from messages import values
from messages.reply import Reply
from messages.text import Text
from plan.audit import (
    ChangeKind,
    DepartmentCreated,
    Details,
    Diff,
    MeasureCreated,
    ReminderAcknowledged,
    UpdateRecorded,
    UpdateWithdrawn,
)
from storage.models import Change, Update
from storage.repositories.audit import read_details

HISTORY_PAGE = 15


@command(
    "verlauf",
    english=("history",),
    args=(MEASURE,),
    options=(paging.PAGE_OPT,),
)
async def show_history(ctx: CommandContext, measure: int, page: int | None) -> Reply:
    """The audit trail of a measure, newest page first, oldest entry first on each page."""
    found = await lookup.measure(ctx, measure)
    total = await ctx.store.changes.count_for_measure(found.id)
    changes = await ctx.store.changes.for_measure(
        found.id, HISTORY_PAGE, paging.offset(page, HISTORY_PAGE)
    )
    shown = paging.check(paging.Page(changes, page or 1, total, HISTORY_PAGE))
    updates = {u.id: u for u in await ctx.store.updates.all_for(found.id)}
    command = f"{ctx.registry.words_of(show_history, ctx.language)} M{found.id}"
    return Reply(
        lines=(ctx.counted("history.heading", total, id=found.id, title=found.title),),
        items=tuple(_entry(ctx, change, updates) for change in changes),
        footer=paging.footer(ctx, shown, command, "history.older"),
    )


def _entry(ctx: CommandContext, change: Change, updates: dict[int, Update]) -> Text:
    """One line of the trail: when · who · what."""
    what = _what(ctx, read_details(change), updates)
    return ctx.text(
        "history.entry", when=ctx.local(change.at), who=ctx.person(change.actor), what=what
    )


def _what(ctx: CommandContext, details: Details, updates: dict[int, Update]) -> Text:
    """What a change did, in words; every kind of details has its own text."""
    match details:
        case MeasureCreated():
            return ctx.text("history.created", title=details.title, field=details.field)
        case Diff():
            return _diff(ctx, details)
        case UpdateRecorded():
            return _update(ctx, details, updates.get(details.update_id or -1))
        case UpdateWithdrawn():
            return ctx.text("history.update_withdrawn", text=details.text)
        case DepartmentCreated():
            return ctx.text("history.department_created", code=details.code, name=details.name)
        case ReminderAcknowledged():
            return ctx.text(
                "history.reminder_acknowledged",
                stage=values.stage_text(ctx.language, details.stage),
                date=ctx.date(details.deadline),
            )
        case _:
            assert_never(details)


def _diff(ctx: CommandContext, diff: Diff) -> Text:
    """A change of values: "label: before → after; …" under the text of its kind."""
    changes = Text.join("; ", values.change_lines(ctx.language, diff.pairs()))
    match diff.kind:
        case ChangeKind.EDITED:
            return ctx.text("history.edited", changes=changes)
        case ChangeKind.DEADLINE:
            return ctx.text("history.deadline", changes=changes)
        case ChangeKind.DEADLINE_CORRECTED:
            return ctx.text("history.deadline_corrected", changes=changes)
        case ChangeKind.DEADLINE_WITHDRAWN:
            return ctx.text("history.deadline_withdrawn", changes=changes)
        case ChangeKind.UPDATE_CORRECTED:
            return ctx.text("history.update_corrected", changes=changes)
        case ChangeKind.DEPARTMENT_EDITED:
            return ctx.text("history.department_edited", changes=changes)
        case _:
            assert_never(diff.kind)


def _update(ctx: CommandContext, details: UpdateRecorded, update: Update | None) -> Text:
    """A progress update with its status and progress, marked if corrected or withdrawn."""
    marks = []
    if update is not None and update.corrected_at is not None:
        marks.append(ctx.word("history.mark_corrected"))
    if update is not None and update.withdrawn_at is not None:
        marks.append(ctx.word("history.mark_withdrawn"))
    return ctx.text(
        "history.update",
        text=details.text,
        facts=values.update_facts(ctx.language, details.status, details.progress),
        marks=ctx.text("history.marks", marks=", ".join(marks)) if marks else "",
    )
