"""`!abwesend` and `!zurück`: a contact is away until a date, and who stands in meanwhile.

While a contact is away, reminders and questions name their deputy instead (or the
department's other contacts, or the coordinators; `plan.stand_ins`), and the deputy may
act for the department (`commands.permissions`). An absence ends by itself after its day;
redacting the `!abwesend` message withdraws it.
"""

from __future__ import annotations

import re
from datetime import date

from commands import permissions
from commands.context import CommandContext
from commands.errors import UsageError
from commands.roles import Role
from commands.spec import Arg, Opt, command, ignoring_today
from messages.reply import Reply
from messages.text import Text
from plan import spelling, stand_ins
from plan.date_phrases import parse_date
from storage.models import Absence


def _deputy(value: str) -> str:
    """One Matrix user id, read as the contacts of `!fb … kontakt=` are."""
    try:
        ids = spelling.user_ids(value)
    except spelling.Invalid:
        ids = ()
    if len(ids) != 1:
        raise spelling.Invalid("error.bad_deputy", value=value)
    return ids[0]


# a bare `@ben:example.org` names the deputy as `vertretung=@ben:example.org` does
DEPUTY_OPT = Opt(
    "deputy", ("vertretung", "deputy"), ignoring_today(_deputy), bare=re.compile(r"@\S+")
)


@command(
    "abwesend",
    english=("away",),
    who=Role.ANY_CONTACT,
    # "bis"/"until" before the date is a filler word of the date grammar
    args=(Arg("until", "arg.until", parse_date, rest=True),),
    options=(DEPUTY_OPT,),
)
async def set_absence(ctx: CommandContext, until: date, deputy: str | None) -> Reply:
    """Record the sender as away up to and including `until`, replacing an earlier absence;
    the reply names whom reminders mention meanwhile, and mentions the deputy."""
    if deputy == ctx.sender:
        raise UsageError("error.deputy_is_sender")
    await ctx.store.absences.set(ctx.sender, until, deputy, ctx.origin)
    lines = [
        ctx.text("absence.set_deputy", date=ctx.date(until), deputy=ctx.person(deputy))
        if deputy
        else ctx.text("absence.set_alone", date=ctx.date(until))
    ]
    instead = await _mentioned_meanwhile(ctx)
    if instead and instead != (deputy,):
        who = Text.join(", ", [ctx.person(u) for u in instead])
        lines.append(ctx.text("absence.instead", who=who))
    return Reply(lines=tuple(lines), mentions=(deputy,) if deputy else ())


async def _mentioned_meanwhile(ctx: CommandContext) -> tuple[str, ...]:
    """Whom reminders mention today to the sender's departments and to those of the
    contacts the sender stands in for."""
    absences = ctx.store.absences
    users = (ctx.sender, *await absences.stood_in_for(ctx.sender, ctx.today))
    departments = {d.id: d for u in users for d in await ctx.store.departments.of_contact(u)}
    away = await absences.deputies(ctx.today)
    coordinators = sorted(ctx.settings.coordinators)
    named = (
        user
        for department in departments.values()
        for user in stand_ins.mentioned(
            [c.user_id for c in department.contacts], away, coordinators
        )
    )
    return tuple(dict.fromkeys(named))


@command("zurück", english=("back",))
async def end_absence(ctx: CommandContext) -> Reply:
    """End the sender's absence before its day.

    Everyone may: it touches only the sender's own absence, which must end also for a
    contact who was taken off their department meanwhile.
    """
    if not await ctx.store.absences.end(ctx.sender, ctx.today):
        return Reply(lines=(ctx.text("absence.not_away"),))
    return Reply(lines=(ctx.text("absence.back"),))


async def withdraw_absence(ctx: CommandContext, absence: Absence) -> Reply | None:
    """A redacted `!abwesend`: the absence it set ends, if its author or a coordinator redacts."""
    if not permissions.may_withdraw(ctx, absence.set_by):
        return None
    await ctx.store.absences.end(absence.user_id, ctx.today)
    return Reply(lines=(ctx.text("absence.withdrawn", date=ctx.date(absence.until)),))
