"""`!bericht`: the weekly digest on demand, with its chart: of this week or a past one
(as the plan stood then), of one field of action, of one department or partner."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from commands import lookup
from commands.context import CommandContext
from commands.spec import DEPARTMENT_OPT, Arg, command
from messages.reply import Reply
from plan import spelling
from plan.digest_week import named_week
from services.digest import DigestScope, build_digest
from services.digest_message import chart_attachment, digest_reply


@dataclass(frozen=True)
class Span:
    """Which week and which field a `!bericht` asks for (None: this week, all fields)."""

    week: tuple[int, int] | None
    field: str | None


def _span(text: str, today: date) -> Span:
    """ "KW 45 HF2", "HF2 letzte Woche", "12.11.2026": a field code anywhere, the rest a week."""
    words = text.split()
    fields = [w for w in words if spelling.FIELD_CODE.match(w)]
    if len(fields) > 1:
        raise spelling.Invalid("error.report_two_fields", fields=", ".join(fields))
    rest = " ".join(w for w in words if w not in fields)
    return Span(
        named_week(rest, today) if rest else None,
        spelling.field_code(fields[0]) if fields else None,
    )


@command(
    "bericht",
    english=("digest",),
    args=(Arg("span", "arg.report_span", _span, rest=True, optional=True),),
    options=(DEPARTMENT_OPT,),
    slow=True,
)
async def show_digest(ctx: CommandContext, span: Span | None, department: str | None) -> Reply:
    """The weekly digest now, or of a past week as the plan stood then; of all fields with
    the chart, or of one field; of everything, or of one party's measures."""
    span = span or Span(None, None)
    if span.field is not None:
        await lookup.check_field(ctx, span.field)
    party = await lookup.department(ctx, department) if department else None
    scope = DigestScope(span.week, span.field, party.code if party else None)
    whole = span.field is None
    digest = await build_digest(
        ctx.store, ctx.now, ctx.settings.tz, ctx.settings.stale_after_days, scope, trend=whole
    )
    reply = digest_reply(digest, ctx.language, ctx.names)
    if not whole:
        return reply
    return Reply(
        lines=reply.lines,
        sections=reply.sections,
        footer=reply.footer,
        attachments=(await chart_attachment(digest, ctx.language),),
    )
