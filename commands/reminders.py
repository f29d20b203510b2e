"""`!erinnerungen` and ✅ on a reminder: the planned and sent reminders, acknowledgements."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from commands import lookup, paging, permissions
from commands.context import CommandContext
from commands.errors import Silent
from commands.spec import MEASURE, command
from messages import values
from messages.reply import Reply, Section
from messages.text import Text
from plan.reminder_stages import ReminderPolicy, Stage, planned_stages
from plan.vocabulary import is_open
from storage.models import Measure, SentReminder

# the reactions that acknowledge a reminder; `bot.dispatch` passes on only these
ACK_KEYS = frozenset({"✅", "✅\ufe0f", "✔️", "✔", "☑️"})
# how far `!erinnerungen` looks back and ahead
LIST_DAYS = 14


async def acknowledge(ctx: CommandContext, reacts_to: str) -> Reply | None:
    """A ✅ reaction (one of `ACK_KEYS`: the dispatcher passes on no other) to a reminder
    message records that the sender took note of each reminder it lists that the sender
    answers for (a contact of the measure's department, or their deputy)."""
    taken = 0
    for reminder in await ctx.store.reminders.by_message(reacts_to):
        if reminder.acknowledged_by is not None:
            continue
        measure = await lookup.measure(ctx, reminder.measure_id)
        if await permissions.may_acknowledge(ctx, measure):
            ctx.store.reminders.acknowledge(reminder, ctx.origin)
            taken += 1
    if not taken:
        raise Silent()
    return None


@command(
    "erinnerungen",
    english=("reminders",),
    args=(replace(MEASURE, optional=True),),
    options=(paging.PAGE_OPT,),
)
async def list_reminders(ctx: CommandContext, measure: int | None, page: int | None) -> Reply:
    """Planned and sent reminders: of one measure, or of all for two weeks each way."""
    policy = ctx.settings.reminders
    now = ctx.now.astimezone(ctx.settings.tz)
    if measure is not None:
        found = await lookup.measure(ctx, measure)
        sent = await ctx.store.reminders.for_measure(found.id)
        planned = _planned(
            [found],
            policy,
            ctx.settings.tz,
            now,
            horizon=None,
            queued={(r.measure_id, r.stage) for r in sent if r.deadline == found.deadline},
        )
        heading = ctx.text("reminders.heading_one", id=found.id, date=ctx.date(found.deadline))
    else:
        sent = await ctx.store.reminders.since(ctx.now - timedelta(days=LIST_DAYS))
        planned = _planned(
            await ctx.store.reminders.candidates(),
            policy,
            ctx.settings.tz,
            now,
            horizon=now.date() + timedelta(days=LIST_DAYS),
            queued=await ctx.store.reminders.queued_stages(),
        )
        span = ctx.counted("days.next_and_last", LIST_DAYS)
        heading = ctx.text("reminders.heading_all", days=span)
    if not planned and not sent:
        return Reply(lines=(heading, ctx.text("reminders.none")))
    shown = paging.page_of([*planned, *sent], page)
    on_page = [entry for entry in planned if entry in shown.items]
    sent_on_page = [r for r in sent if r in shown.items]
    sections = [
        Section(
            ctx.text(heading_key, n=total),
            tuple(lines),
        )
        for heading_key, total, lines in (
            (
                "reminders.planned",
                len(planned),
                [
                    ctx.text(
                        "reminders.planned_line",
                        id=m.id,
                        stage=values.stage_text(ctx.language, s.name),
                        when=ctx.local(s.moment),
                        title=m.title,
                    )
                    for m, s in on_page
                ],
            ),
            ("reminders.sent", len(sent), [_sent_line(ctx, r) for r in sent_on_page]),
        )
        if lines
    ]
    command = ctx.registry.words_of(list_reminders, ctx.language)
    command += f" M{measure}" if measure else ""
    return Reply(
        lines=(heading,), sections=tuple(sections), footer=paging.footer(ctx, shown, command)
    )


def _planned(
    measures: Sequence[Measure],
    policy: ReminderPolicy,
    tz: ZoneInfo,
    now: datetime,
    horizon: date | None,
    queued: set[tuple[int, str]],
) -> list[tuple[Measure, Stage]]:
    result = [
        (m, s)
        for m in measures
        if m.deadline is not None and m.department is not None and is_open(m.status)
        for s in planned_stages(m.deadline, m.deadline_since, policy, tz, now, horizon)
        if (m.id, s.name) not in queued
    ]
    return sorted(result, key=lambda pair: pair[1].moment)


def _sent_line(ctx: CommandContext, reminder: SentReminder) -> Text:
    ack = (
        ctx.text(
            "reminders.acknowledged",
            who=ctx.person(reminder.acknowledged_by),
            when=ctx.local(reminder.acknowledged_at),
        )
        if reminder.acknowledged_by and reminder.acknowledged_at
        else Text.of("")
    )
    return ctx.text(
        "reminders.sent_line",
        id=reminder.measure_id,
        stage=values.stage_text(ctx.language, reminder.stage),
        when=ctx.local(reminder.queued_at),
        ack=ack,
    )


def acknowledgement_lines(ctx: CommandContext, reminders: Sequence[SentReminder]) -> list[Text]:
    """ "Zur Kenntnis genommen" lines for a measure's acknowledged reminders."""
    return [
        ctx.text(
            "reminders.ack_line",
            stage=values.stage_text(ctx.language, r.stage),
            who=ctx.person(r.acknowledged_by),
            when=ctx.local(r.acknowledged_at),
        )
        for r in reminders
        if r.acknowledged_by and r.acknowledged_at
    ]
