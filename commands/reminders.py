"""Deadline reminders: which stage is due, the message, acknowledgements, `!erinnerungen`.

Reminders are derived, not stored as jobs: a run looks at the measures and queues what
is due and not yet queued. Stages per deadline: N days before (`days_before`, sent on
the working day before if that day is a weekend or a public holiday in Lower Saxony),
then overdue on the day after and every `overdue_every_days` (moved to the next working
day: an overdue notice must not come before the deadline has passed). A stage whose
moment had passed when the deadline was set is skipped. After a downtime only the
newest due stage goes out ("still true"); the older ones are no longer true.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo

import holidays

from commands import lookup, paging, parsing, permissions
from commands.context import CommandContext, ReminderPolicy, Settings
from commands.errors import Silent
from commands.permissions import Role
from commands.registry import Arg, Registry, plain
from commands.reply import Reply, Section, Text
from commands.texts import days_until, format_date, render
from storage.db import Database
from storage.models import Measure, SentReminder
from storage.repositories import Store

log = logging.getLogger(__name__)

ACK_KEYS = frozenset({"✅", "✅\ufe0f", "✔️", "✔", "☑️"})
LIST_DAYS = 14
# reminders queued per transaction (each in its own savepoint)
BATCH = 200


@dataclass(frozen=True)
class Stage:
    """One reminder of a deadline: its name (d14, d0, o1, o8 …) and when it goes out."""

    name: str
    overdue: bool
    send_on: date
    moment: datetime


@cache
def _holidays(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("DE", subdiv="NI", years=year)


def is_working_day(day: date) -> bool:
    """Monday to Friday and not a public holiday in Lower Saxony."""
    return day.weekday() < 5 and day not in _holidays(day.year)


def _shift(day: date, step: int) -> date:
    while not is_working_day(day):
        day += timedelta(days=step)
    return day


def stages(deadline: date, policy: ReminderPolicy, tz: ZoneInfo, until: date) -> list[Stage]:
    """Every stage of a deadline whose day is on or before `until`, in order."""

    def stage(name: str, overdue: bool, day: date) -> Stage:
        moment = datetime.combine(day, policy.at, tzinfo=tz)
        return Stage(name, overdue, day, moment)

    found = [
        stage(f"d{n}", False, _shift(deadline - timedelta(days=n), -1))
        for n in sorted(policy.days_before, reverse=True)
    ]
    offset = 1
    while deadline + timedelta(days=offset) <= until:
        found.append(stage(f"o{offset}", True, _shift(deadline + timedelta(days=offset), 1)))
        offset += policy.overdue_every_days
    return [s for s in sorted(found, key=lambda s: s.moment) if s.send_on <= until]


def due_stage(
    measure: Measure, policy: ReminderPolicy, tz: ZoneInfo, now: datetime
) -> Stage | None:
    """The newest stage of the measure's deadline that is due at `now` and still true."""
    assert measure.deadline is not None
    today = now.astimezone(tz).date()
    set_at = measure.deadline_set_at or measure.created_at
    eligible = [
        s
        for s in stages(measure.deadline, policy, tz, today)
        if set_at <= s.moment <= now and (s.overdue or today <= measure.deadline)
    ]
    return eligible[-1] if eligible else None


def reminder_txn_id(measure: Measure, stage: str) -> str:
    """The deterministic transaction id of a stage: a resend is dropped by the homeserver."""
    assert measure.deadline is not None
    return f"reminder-M{measure.id}-{measure.deadline:%Y%m%d}-{stage}"


def _mention(user_id: str) -> Text:
    """A pill: the user id as a matrix.to link (the mention itself is in m.mentions)."""
    plain_text = Text.of(user_id)
    return Text(
        plain_text.plain, f'<a href="https://matrix.to/#/{plain_text.html}">{plain_text.html}</a>'
    )


def reminder_content(
    measure: Measure, stage: Stage, settings: Settings, today: date
) -> dict[str, object]:
    """The Matrix content of a reminder, mentioning contacts (and coordinators if overdue)."""
    assert measure.deadline is not None and measure.department is not None
    language = settings.language
    department = measure.department
    contacts = [c.user_id for c in department.contacts]
    mentions = contacts + (sorted(settings.coordinators - set(contacts)) if stage.overdue else [])
    who = (
        Text.join(", ", [_mention(u) for u in contacts])
        if contacts
        else render(language, "none_contacts")
    )
    values = {
        "id": measure.id,
        "title": measure.title,
        "date": format_date(language, measure.deadline),
        "distance": days_until(language, measure.deadline, today),
        "department": f"{department.code} – {department.name}",
        "contacts": who,
    }
    lines = [
        render(language, "reminder.overdue" if stage.overdue else "reminder.before", **values),
        render(language, "reminder.department", **values),
        render(language, "reminder.how", id=measure.id),
    ]
    if stage.overdue:
        coordinators = Text.join(", ", [_mention(u) for u in sorted(settings.coordinators)])
        lines.append(render(language, "reminder.escalated", coordinators=coordinators))
    # m.text, not m.notice: a reminder should notify like a message from a colleague
    return Reply(lines=tuple(lines), mentions=tuple(mentions)).content("m.text")


class ReminderService:
    """Queues due reminders; the gateway sends the outbox."""

    def __init__(self, database: Database, settings: Settings) -> None:
        self.database = database
        self.settings = settings

    async def run(self, now: datetime) -> int:
        """Queue every stage due at `now` that was not queued yet; return how many."""
        settings = self.settings
        local = now.astimezone(settings.tz)
        async with self.database.transaction() as store:
            candidates = await store.reminders.candidates()
            queued = await store.reminders.queued_stages()
        due = []
        for measure in candidates:
            try:  # one measure's odd data must not stop everybody's reminders
                stage = due_stage(measure, settings.reminders, settings.tz, local)
            except (ValueError, OverflowError):
                log.exception("cannot plan the reminders of M%d", measure.id)
                continue
            if stage is not None and (measure.id, stage.name) not in queued:
                due.append((measure, stage))
        count = 0
        for start in range(0, len(due), BATCH):
            batch = due[start : start + BATCH]
            async with self.database.transaction() as store:
                # a command may have moved a deadline or closed a measure since we looked
                unchanged = await store.reminders.still_open(
                    {m.id: m.deadline for m, _ in batch if m.deadline}
                )
                for measure, stage in batch:
                    if measure.id not in unchanged:
                        continue
                    # a savepoint per measure: a failing one never stops the run
                    try:
                        async with store.session.begin_nested():
                            await self._queue(store, measure, stage, local)
                        count += 1
                    except Exception:
                        log.exception("reminder %s for M%d failed", stage.name, measure.id)
        return count

    async def _queue(self, store: Store, measure: Measure, stage: Stage, now: datetime) -> None:
        assert measure.department is not None
        group = self.settings.group_room
        room = measure.department.room if measure.department.room and not stage.overdue else group
        message = await store.events.enqueue(
            room,
            reminder_txn_id(measure, stage.name),
            "m.room.message",
            reminder_content(measure, stage, self.settings, now.date()),
            now,
            fallback_room_id=None if room == group else group,
        )
        await store.reminders.queue(measure, stage.name, message, now)


async def acknowledge(ctx: CommandContext, reacts_to: str, key: str) -> Reply | None:
    """A ✅ reaction of a department contact to a reminder records that they took note."""
    if key not in ACK_KEYS:
        raise Silent()
    reminder = await ctx.store.reminders.by_message(reacts_to)
    if reminder is None or reminder.acknowledged_by is not None:
        raise Silent()
    measure = await lookup.measure(ctx, reminder.measure_id)
    if not permissions.may_acknowledge(ctx, measure):
        raise Silent()
    ctx.store.reminders.acknowledge(reminder, ctx.origin)
    return None


def register(registry: Registry) -> None:
    """Add `!erinnerungen` to `registry`."""
    registry.command(
        "erinnerungen",
        english=("reminders",),
        who=Role.EVERYONE,
        help="help.erinnerungen",
        args=(Arg("measure", "arg.measure", plain(parsing.measure_id), optional=True),),
        options=(paging.PAGE_OPT,),
    )(list_reminders)


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
        heading = ctx.text("reminders.heading_all", days=LIST_DAYS)
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
                        stage=_stage_text(ctx, s),
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
    result = []
    for m in measures:
        if (
            m.deadline is None
            or m.department is None
            or m.status in ("abgeschlossen", "zurueckgestellt")
        ):
            continue
        set_at = m.deadline_set_at or m.created_at
        until = horizon or m.deadline + timedelta(days=1)
        for s in stages(m.deadline, policy, tz, until):
            if s.moment > now and s.moment >= set_at and (m.id, s.name) not in queued:
                result.append((m, s))
    return sorted(result, key=lambda pair: pair[1].moment)


def _stage_text(ctx: CommandContext, stage: Stage | SentReminder) -> str:
    name = stage.name if isinstance(stage, Stage) else stage.stage
    days = int(name[1:])
    if name.startswith("o"):
        return ctx.text("reminders.stage_overdue", n=days).plain
    return ctx.text("reminders.stage_before" if days else "reminders.stage_due_day", n=days).plain


def _sent_line(ctx: CommandContext, reminder: SentReminder) -> Text:
    ack = (
        ctx.text(
            "reminders.acknowledged",
            who=reminder.acknowledged_by,
            when=ctx.local(reminder.acknowledged_at),
        )
        if reminder.acknowledged_by and reminder.acknowledged_at
        else Text.of("")
    )
    return ctx.text(
        "reminders.sent_line",
        id=reminder.measure_id,
        stage=_stage_text(ctx, reminder),
        when=ctx.local(reminder.queued_at),
        ack=ack,
    )


def acknowledgement_lines(ctx: CommandContext, reminders: Sequence[SentReminder]) -> list[Text]:
    """ "Zur Kenntnis genommen" lines for a measure's acknowledged reminders."""
    return [
        ctx.text(
            "reminders.ack_line",
            stage=_stage_text(ctx, r),
            who=r.acknowledged_by,
            when=ctx.local(r.acknowledged_at),
        )
        for r in reminders
        if r.acknowledged_by and r.acknowledged_at
    ]
