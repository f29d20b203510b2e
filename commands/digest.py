"""`!bericht`: the weekly digest on demand, with its chart, or one field's section."""

from __future__ import annotations

from dataclasses import replace

from commands import lookup
from commands.context import CommandContext
from commands.spec import FIELD, command
from messages.reply import Reply
from services.digest import build_digest
from services.digest_message import chart_attachment, digest_reply


@command(
    "bericht",
    english=("digest",),
    args=(replace(FIELD, optional=True),),
    slow=True,
)
async def show_digest(ctx: CommandContext, field: str | None) -> Reply:
    """The weekly digest now (with chart), or one field's section."""
    if field is not None:
        await lookup.check_field(ctx, field)
    digest = await build_digest(
        ctx.store, ctx.now, ctx.settings.tz, ctx.settings.stale_after_days, field
    )
    reply = digest_reply(digest, ctx.language, ctx.names)
    if field is not None:
        return reply
    return Reply(
        lines=reply.lines,
        sections=reply.sections,
        footer=reply.footer,
        attachments=(await chart_attachment(digest, ctx.language),),
    )
