"""Redactions: withdrawing what a deleted command message recorded."""

from __future__ import annotations

from commands.context import CommandContext
from commands.deadlines import withdraw_deadline
from commands.updates import withdraw_update
from messages.reply import Reply

# what `!massnahme neu`, `!massnahme ändern` and `!fb …` recorded stays: deleting the
# message must not silently delete a measure; the user is told how to correct it
_KEPT = {
    "created": "!massnahme neu",
    "edited": "!massnahme ändern",
    "department_created": "!fb neu",
    "department_edited": "!fb",
}


async def withdraw(ctx: CommandContext, event_id: str) -> Reply | None:
    """Withdraw the record of the redacted command `event_id`; None if there is nothing."""
    update = await ctx.store.updates.by_event(event_id)
    if update is not None and update.room_id == ctx.room_id:
        return await withdraw_update(ctx, update)
    records = await ctx.store.changes.by_event(event_id)
    if not records or records[0].room_id != ctx.room_id:
        return None
    if records[0].kind == "deadline":
        return await withdraw_deadline(ctx, records)
    if records[0].kind in _KEPT and records[0].actor == ctx.sender:
        return Reply(lines=(ctx.text("redaction.not_supported", command=_KEPT[records[0].kind]),))
    return None
