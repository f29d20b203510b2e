"""Redactions: withdrawing what a deleted command message recorded."""

from __future__ import annotations

from commands.absences import withdraw_absence
from commands.catalogue_upload import confirm_import
from commands.context import CommandContext
from commands.deadlines import withdraw_deadline
from commands.departments import create_department, show_or_edit_department
from commands.measures import create_measure, edit_measure
from commands.spec import Handler
from commands.updates import withdraw_update
from messages.reply import Reply
from plan.audit import ChangeKind

# what `!massnahme neu`, `!massnahme ändern` and `!fb …` recorded stays: deleting the
# message must not silently delete a measure; the user is told how to correct it
_KEPT: dict[ChangeKind, Handler] = {
    ChangeKind.CREATED: create_measure,
    ChangeKind.EDITED: edit_measure,
    ChangeKind.DEPARTMENT_CREATED: create_department,
    ChangeKind.DEPARTMENT_EDITED: show_or_edit_department,
}


async def withdraw(ctx: CommandContext, event_id: str) -> Reply | None:
    """Withdraw the record of the redacted command `event_id`; None if there is nothing."""
    update = await ctx.store.updates.by_event(event_id)
    if update is not None and update.room_id == ctx.room_id:
        return await withdraw_update(ctx, update)
    absence = await ctx.store.absences.by_event(event_id)
    if absence is not None:
        return await withdraw_absence(ctx, absence)
    if await ctx.store.uploads.applied_by(event_id) is not None:
        # an import is many changes of many measures: undone by an edit of each, not this
        command = ctx.registry.words_of(confirm_import, ctx.language)
        return Reply(lines=(ctx.text("redaction.not_supported", command=command),))
    records = await ctx.store.changes.by_event(event_id)
    if not records or records[0].room_id != ctx.room_id:
        return None
    kind = ChangeKind(records[0].kind)
    if kind == ChangeKind.DEADLINE:
        return await withdraw_deadline(ctx, records)
    if kind in _KEPT and records[0].actor == ctx.sender:
        command = ctx.registry.words_of(_KEPT[kind], ctx.language)
        return Reply(lines=(ctx.text("redaction.not_supported", command=command),))
    return None
