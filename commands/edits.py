"""Edited command messages: how an edit is applied to what the original recorded.

Only the author's edits reach this point (the dispatcher drops anyone else's). A
command that declares `corrects` amends its record in place (`!update`, `!frist`); one
whose original made a record it cannot amend is refused; one whose original recorded
nothing (it was refused) simply runs with the edited text.
"""

from __future__ import annotations

from typing import Any

from commands.context import CommandContext
from commands.errors import CommandError
from commands.spec import CommandSpec
from messages.reply import Reply


async def apply_edit(ctx: CommandContext, spec: CommandSpec, values: dict[str, Any]) -> Reply:
    """Run the edited command `spec` with its parsed `values` as a correction."""
    if spec.corrects is not None:
        return await spec.corrects(ctx, **values)
    if ctx.event_id and await ctx.store.changes.by_event(ctx.event_id):
        raise CommandError("error.edit_not_supported", usage=spec.usage(ctx.language))
    return await spec.handler(ctx, **values)
