"""`!frist` and `!fristen`: setting deadlines (in German phrases) and listing them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from commands import lookup, paging, permissions
from commands.context import CommandContext
from commands.errors import CommandError
from commands.roles import Role
from commands.spec import MEASURE, Arg, Opt, command, ignoring_today
from messages.reply import Reply, Section
from messages.text import Text
from messages.texts import days_until
from plan import spelling
from plan.audit import ChangeKind, Diff
from plan.date_phrases import parse_date
from storage.models import Change, Measure
from storage.repositories.audit import read_details

# the days ahead `!fristen` looks without `tage=`
DEFAULT_DAYS = 30
DAYS_OPT = Opt(
    "days", ("tage", "days"), ignoring_today(lambda v: spelling.whole_number(v, 1, 3650))
)


async def correct_deadline(ctx: CommandContext, measure: int, deadline: date) -> Reply:
    """An edited `!frist`: the deadline it set becomes the edited one."""
    assert ctx.event_id is not None
    records = await ctx.store.changes.by_event(ctx.event_id)
    if not records:  # the first version was refused: the edit is the command
        return await set_deadline(ctx, measure, deadline)
    if records[0].measure_id != measure:
        raise CommandError("error.edit_other_measure", id=records[0].measure_id)
    found = await lookup.measure(ctx, measure)
    before = await ctx.store.measures.set_deadline(
        found, ctx.origin, deadline, kind=ChangeKind.DEADLINE_CORRECTED
    )
    return Reply(
        lines=(
            ctx.text(
                "deadline.corrected", id=found.id, date=ctx.date(deadline), before=ctx.date(before)
            ),
        )
    )


@command(
    "frist",
    english=("deadline",),
    who=Role.CONTACT,
    corrects=correct_deadline,
    args=(MEASURE, Arg("deadline", "arg.date", parse_date, rest=True)),
)
async def set_deadline(ctx: CommandContext, measure: int, deadline: date) -> Reply:
    """Set or move a measure's deadline; the reply shows the resolved date."""
    found = await lookup.measure(ctx, measure)
    before = await ctx.store.measures.set_deadline(found, ctx.origin, deadline)
    return Reply(
        lines=(
            ctx.text(
                "deadline.set",
                id=found.id,
                date=ctx.date(deadline),
                distance=days_until(ctx.language, deadline, ctx.today),
                before=ctx.date(before),
            ),
        )
    )


async def withdraw_deadline(ctx: CommandContext, records: Sequence[Change]) -> Reply | None:
    """A redacted `!frist`: restore the deadline from before it, unless moved since."""
    if records[0].measure_id is None or not permissions.may_withdraw(ctx, records[0].actor):
        return None
    measure = await lookup.measure(ctx, records[0].measure_id)
    first, last = read_details(records[0]), read_details(records[-1])
    if not isinstance(first, Diff) or not isinstance(last, Diff):
        return None
    if last.kind == ChangeKind.DEADLINE_WITHDRAWN:
        return None
    if measure.deadline != last.deadline_after:
        return Reply(
            lines=(
                ctx.text("deadline.withdraw_moved", id=measure.id, date=ctx.date(measure.deadline)),
            )
        )
    await ctx.store.measures.set_deadline(
        measure, ctx.origin, first.deadline_before, kind=ChangeKind.DEADLINE_WITHDRAWN
    )
    return Reply(
        lines=(ctx.text("deadline.withdrawn", id=measure.id, date=ctx.date(measure.deadline)),)
    )


@command(
    "fristen",
    english=("deadlines",),
    options=(DAYS_OPT, paging.PAGE_OPT),
)
async def list_deadlines(ctx: CommandContext, days: int | None, page: int | None) -> Reply:
    """Overdue deadlines and those of the next `days` days (`DEFAULT_DAYS`), a page at a time."""
    days = days or DEFAULT_DAYS
    today = ctx.today
    overdue = await ctx.store.measures.due(None, today - timedelta(days=1))
    upcoming = await ctx.store.measures.due(today, today + timedelta(days=days))
    if not overdue and not upcoming:
        return Reply(lines=(ctx.counted("deadlines.none", days),))
    shown = paging.page_of([*overdue, *upcoming], page)
    sections = tuple(
        Section(heading, tuple(_line(ctx, m) for m in rows if m in shown.items))
        for heading, rows in (
            (ctx.text("deadlines.overdue", n=len(overdue)), overdue),
            (ctx.counted("deadlines.upcoming", days, due=len(upcoming)), upcoming),
        )
        if any(m in shown.items for m in rows)
    )
    command = ctx.registry.words_of(list_deadlines, ctx.language)
    if days != DEFAULT_DAYS:
        command += f" {DAYS_OPT.typed(ctx.language, days)}"
    return Reply(
        lines=(ctx.text("deadlines.heading", date=ctx.date(today)),),
        sections=sections,
        footer=paging.footer(ctx, shown, command),
    )


def _line(ctx: CommandContext, measure: Measure) -> Text:
    assert measure.deadline is not None
    return ctx.text(
        "deadlines.line",
        id=measure.id,
        title=measure.title,
        date=ctx.date(measure.deadline),
        distance=days_until(ctx.language, measure.deadline, ctx.today),
        department=measure.department.code if measure.department else ctx.word("none"),
    )
