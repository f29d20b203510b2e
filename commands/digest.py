"""The weekly digest against the fields of action, its chart, and `!bericht`.

`build_digest` reads everything in a few aggregate queries; `digest_reply` renders it
(German or English, HTML with headings and lists, a clean plain body); the chart is
drawn by `commands.chart` in a thread. `DigestService.post_if_due` queues the digest
once per ISO week when the configured cron time of that week has passed.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
from zoneinfo import ZoneInfo

from apscheduler.triggers.cron import CronTrigger

from commands import lookup, parsing
from commands.chart import render_chart
from commands.context import CommandContext, Settings
from commands.permissions import Role
from commands.plan import Status
from commands.registry import Arg, Registry, plain
from commands.reply import Attachment, Reply, Section, Text
from commands.texts import days_until, format_date, render, word
from storage.db import Database
from storage.models import Measure, SentReminder
from storage.repositories import Store, UpdateRow

log = logging.getLogger(__name__)

WINDOW = timedelta(days=7)
DUE_SOON = timedelta(days=14)
LIST_LIMIT = 10
SNIPPET_WORDS = 12


@dataclass
class FieldDigest:
    """Where one field of action stands."""

    code: str
    name: str
    by_status: dict[str, int] = field(default_factory=dict)
    average_progress: float | None = None
    updates: list[UpdateRow] = field(default_factory=list)
    status_changes: list[UpdateRow] = field(default_factory=list)
    due_soon: list[Measure] = field(default_factory=list)
    overdue: list[Measure] = field(default_factory=list)
    stale: list[Measure] = field(default_factory=list)
    acknowledged: list[tuple[Measure, SentReminder]] = field(default_factory=list)

    @property
    def total(self) -> int:
        """How many measures the field has."""
        return sum(self.by_status.values())


@dataclass
class Digest:
    """The week's digest: one entry per field of action, plus what concerns all."""

    now: datetime
    fields: list[FieldDigest]
    without_contact: list[str]

    @property
    def week(self) -> int:
        """The ISO week number of the digest."""
        return self.now.isocalendar().week


async def build_digest(
    store: Store, now: datetime, tz: ZoneInfo, stale_after_days: int, only: str | None = None
) -> Digest:
    """Gather the digest from the database as of `now` (optionally one field only)."""
    local = now.astimezone(tz)
    today = local.date()
    fields = [f for f in await store.plan.fields() if only is None or f.code == only]
    entries = {f.code: FieldDigest(f.code, f.name) for f in fields}
    for (code, status), count in (await store.reports.status_counts()).items():
        if code in entries:
            entries[code].by_status[status] = count
    for code, average in (await store.reports.average_progress()).items():
        if code in entries:
            entries[code].average_progress = average
    for row in await store.reports.updates_between(now - WINDOW, now):
        if row.field_code in entries:
            entries[row.field_code].updates.append(row)
            if row.status and row.status != row.status_before:
                entries[row.field_code].status_changes.append(row)
    last_update = await store.reports.last_update_times()
    stale_before = now - timedelta(days=stale_after_days)
    measures = {m.id: m for m in await store.reports.measures(only)}
    for measure in measures.values():
        entry = entries.get(measure.field_code)
        if entry is None:
            continue
        open_ = measure.status not in (Status.DONE.value, Status.ON_HOLD.value)
        if open_ and measure.deadline is not None:
            if measure.deadline < today:
                entry.overdue.append(measure)
            elif measure.deadline <= today + DUE_SOON:
                entry.due_soon.append(measure)
        if measure.status == Status.RUNNING.value:
            last = last_update.get(measure.id, measure.created_at)
            if last < stale_before:
                entry.stale.append(measure)
    for reminder in await store.reports.acknowledgements_since(now - WINDOW):
        acknowledged = measures.get(reminder.measure_id)
        if acknowledged is not None and acknowledged.field_code in entries:
            entries[acknowledged.field_code].acknowledged.append((acknowledged, reminder))
    for entry in entries.values():
        entry.due_soon.sort(key=lambda m: (m.deadline, m.id))
        entry.overdue.sort(key=lambda m: (m.deadline, m.id))
    without_contact = await store.reports.departments_without_contacts()
    return Digest(local, list(entries.values()), without_contact)


def _snippet(text: str) -> str:
    words = text.split()
    return " ".join(words[:SNIPPET_WORDS]) + (" …" if len(words) > SNIPPET_WORDS else "")


def _limited(language: str, items: list[Callable[[], Text]]) -> tuple[Text, ...]:
    """Render at most LIST_LIMIT items and say how many more there are."""
    shown = [make() for make in items[:LIST_LIMIT]]
    if len(items) > LIST_LIMIT:
        shown.append(render(language, "measures.more_short", n=len(items) - LIST_LIMIT))
    return tuple(shown)


def digest_reply(digest: Digest, language: str) -> Reply:
    """The digest as a message: headline, then one section per field of action.

    Items are rendered lazily: a busy week may have thousands of updates, of which
    each section shows the first LIST_LIMIT.
    """
    today = digest.now.date()
    tz = digest.now.tzinfo
    new_updates = sum(len(f.updates) for f in digest.fields)
    overdue = sum(len(f.overdue) for f in digest.fields)
    lines = [
        render(
            language,
            "digest.headline",
            week=digest.week,
            updates=new_updates,
            overdue=overdue,
            date=format_date(language, today),
        )
    ]
    sections: list[Section] = []
    for entry in digest.fields:
        statuses = ", ".join(
            f"{word(language, f'status.{s.value}')} {entry.by_status[s.value]}"
            for s in Status
            if entry.by_status.get(s.value)
        )
        progress = (
            f"{entry.average_progress:.0f} %"
            if entry.average_progress is not None
            else word(language, "none")
        )
        summary = render(
            language,
            "digest.status_line",
            total=entry.total,
            statuses=statuses or word(language, "none"),
            progress=progress,
        )
        items: list[Callable[[], Text]] = []
        items += [
            partial(
                render,
                language,
                "digest.update",
                id=u.measure_id,
                who=u.author,
                text=_snippet(u.text),
                when=f"{u.at.astimezone(tz):%d.%m.}",
            )
            for u in entry.updates
        ]
        items += [
            partial(
                render,
                language,
                "digest.status_change",
                id=u.measure_id,
                before=word(language, f"status.{u.status_before}")
                if u.status_before
                else word(language, "none"),
                after=word(language, f"status.{u.status}"),
                who=u.author,
            )
            for u in entry.status_changes
        ]
        items += [
            partial(
                render,
                language,
                key,
                id=m.id,
                title=m.title,
                date=format_date(language, m.deadline),
                distance=days_until(language, m.deadline, today),
            )
            for key, measures in (("digest.due", entry.due_soon), ("digest.overdue", entry.overdue))
            for m in measures
            if m.deadline
        ]
        items += [
            partial(render, language, "digest.stale", id=m.id, title=m.title) for m in entry.stale
        ]
        items += [
            partial(
                render,
                language,
                "digest.acknowledged",
                id=m.id,
                who=r.acknowledged_by,
                when=f"{r.acknowledged_at:%d.%m.}" if r.acknowledged_at else "",
            )
            for m, r in entry.acknowledged
        ]
        if not items:
            items.append(partial(render, language, "digest.quiet"))
        sections.append(
            Section(
                render(language, "digest.field", code=entry.code, name=entry.name),
                (summary, *_limited(language, items)),
            )
        )
    footer = (
        render(language, "digest.without_contact", codes=", ".join(digest.without_contact))
        if digest.without_contact
        else None
    )
    return Reply(lines=tuple(lines), sections=tuple(sections), footer=footer)


async def chart_attachment(digest: Digest, language: str) -> Attachment:
    """The PNG chart of the digest, drawn off the event loop."""
    data, width, height = await asyncio.to_thread(render_chart, digest, language)
    return Attachment(
        f"bericht-kw{digest.week:02d}.png", "image/png", data, "m.image", width, height
    )


def register(registry: Registry) -> None:
    """Add `!bericht` to `registry`."""
    registry.command(
        "bericht",
        english=("digest",),
        who=Role.EVERYONE,
        help="help.bericht",
        args=(Arg("field", "arg.field", plain(parsing.field_code), optional=True),),
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


class DigestService:
    """Queues the weekly digest to the group room, once per ISO week."""

    def __init__(self, database: Database, settings: Settings, cron: str) -> None:
        self.database = database
        self.settings = settings
        self.trigger = CronTrigger.from_crontab(cron, timezone=settings.tz)

    def due_this_week(self, now: datetime) -> bool:
        """Whether this week's scheduled time (the first cron time of the week) has passed."""
        local = now.astimezone(self.settings.tz)
        monday = (local - timedelta(days=local.weekday())).replace(
            hour=0, minute=0, second=0, microsecond=0
        )
        first = self.trigger.get_next_fire_time(None, monday)
        return first is not None and first <= local

    async def post_if_due(self, now: datetime) -> bool:
        """Queue this week's digest if its time has come and it was not queued yet."""
        if not self.due_this_week(now):
            return False
        year, week, _ = now.astimezone(self.settings.tz).isocalendar()
        async with self.database.transaction() as store:
            if await store.reports.digest_posted(year, week):
                return False
            digest = await build_digest(
                store, now, self.settings.tz, self.settings.stale_after_days
            )
        reply = digest_reply(digest, self.settings.language)
        chart = await chart_attachment(digest, self.settings.language)
        room = self.settings.group_room
        async with self.database.transaction() as store:
            if await store.reports.digest_posted(year, week):
                return False
            store.reports.record_digest(year, week, now)
            txn = f"digest-{year}-W{week:02d}"
            await store.events.enqueue(room, txn, "m.room.message", reply.content(), now)
            await store.events.enqueue(
                room, f"{txn}-chart", "m.room.message", chart.content(), now, attachment=chart.data
            )
        log.info("queued the digest of week %d/%d", week, year)
        return True
