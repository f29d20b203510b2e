"""Running a command message: find the command, read its words, check permission, run it.

This is the order every command goes through; each step lives in its own module
(`registry`, `arguments`, `permissions`, `edits`).
"""

from __future__ import annotations

import contextlib
import difflib
from collections.abc import Sequence

from commands import permissions
from commands.arguments import parse
from commands.context import CommandContext
from commands.edits import apply_edit
from commands.errors import NotFound, Silent, UsageError
from messages.reply import Reply
from plan.spelling import fold


async def invoke(ctx: CommandContext, tokens: Sequence[str]) -> Reply:
    """Resolve, parse, check permission and run the command the tokens name.

    Raises:
        CommandError: for every refusal; the dispatcher turns it into a reply.
    """
    registry = ctx.registry
    found = registry.resolve(tokens)
    if found is None:
        word = fold(tokens[0]) if tokens else ""
        close = difflib.get_close_matches(word, registry.names(), n=1, cutoff=0.6)
        if close:
            raise NotFound("error.unknown_command_hint", word=word, suggestion=close[0])
        raise Silent()  # another bot in the room may own the word
    spec, rest = found
    try:
        values = parse(spec, rest, ctx.today, ctx.language)
        await permissions.require(ctx, spec.role_for(values), values.get("measure"))
        if ctx.via_event_id is not None:
            return await apply_edit(ctx, spec, values)
        async with ctx.working() if spec.slow else contextlib.nullcontext():
            return await spec.handler(ctx, **values)
    except UsageError as exc:
        # a two-word command shows its own form; a bare `!massnahme` all of its group
        forms = [spec] if len(spec.words) > 1 else registry.group(spec)
        exc.forms = tuple(s.usage(ctx.language) for s in forms)
        raise
