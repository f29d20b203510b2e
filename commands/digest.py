"""`!bericht`: the weekly digest on demand, with its chart, or one field's section."""

from __future__ import annotations

from commands import lookup
from commands.context import CommandContext
from commands.registry import Registry
from commands.roles import Role
from commands.spec import Arg, plain
from messages.reply import Reply
from plan import spelling
from services.digest import build_digest
from services.digest_message import chart_attachment, digest_reply


def register(registry: Registry) -> None:
    """Add `!bericht` to `registry`."""
    registry.command(
        "bericht",
        english=("digest",),
        who=Role.EVERYONE,
        help="help.bericht",
        args=(Arg("field", "arg.field", plain(spelling.field_code), optional=True),),
    )(show_digest)


async def show_digest(ctx: CommandContext, field: str | None) -> Reply:
    """The weekly digest now (with chart), or one field's section."""
    if field is not None:
        await lookup.check_field(ctx, field)
    digest = await build_digest(
        ctx.store, ctx.now, ctx.settings.tz, ctx.settings.stale_after_days, field
    )
    reply = digest_reply(digest, ctx.language)
    if field is not None:
        return reply
    return Reply(
        lines=reply.lines,
        sections=reply.sections,
        footer=reply.footer,
        attachments=(await chart_attachment(digest, ctx.language),),
    )
