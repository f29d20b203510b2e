"""`!update` (Sachstand): recording, correcting and withdrawing progress updates."""

from __future__ import annotations

from dataclasses import replace

from commands import lookup, permissions
from commands.context import CommandContext
from commands.errors import CommandError
from commands.roles import Role
from commands.spec import MEASURE, STATUS_OPT, Arg, Opt, command, ignoring_today
from messages import values
from messages.reply import Reply
from messages.text import Text
from plan import spelling
from plan.vocabulary import Status, status_for
from storage.models import Measure, Update

MAX_UPDATE = 1000


def _text(value: str) -> str:
    return spelling.one_line(value, MAX_UPDATE, "error.bad_update_text")


async def correct_update(
    ctx: CommandContext, measure: int, text: str, status: Status | None, progress: int | None
) -> Reply:
    """An edited `!update`: correct the update it recorded, keeping both versions.

    Only the author's edits get here: `bot.dispatch` drops anyone else's.
    """
    assert ctx.event_id is not None
    original = await ctx.store.updates.by_event(ctx.event_id)
    if original is None:  # the first version was refused: the edit is the command
        return await record_update(ctx, measure, text, status, progress)
    if original.measure_id != measure:
        raise CommandError("error.edit_other_measure", id=original.measure_id)
    found = await lookup.measure(ctx, measure)
    named = status.value if status else None
    recorded = status_for(await ctx.store.updates.status_before(original), named, progress)
    changed = await ctx.store.updates.correct(original, found, ctx.origin, text, recorded, progress)
    reply = values.changes_reply(
        ctx.language,
        changed,
        _standing(ctx, "update.corrected", found),
        ctx.text("update.correction_unchanged", id=found.id),
    )
    if "status" in changed and recorded != named and found.status == recorded:
        return replace(reply, footer=_started(ctx, found))
    return reply


@command(
    "update",
    english=("update",),
    aliases=(("sachstand",),),
    who=Role.MEMBER,
    corrects=correct_update,
    args=(MEASURE, Arg("text", "arg.text", ignoring_today(_text), rest=True)),
    options=(
        STATUS_OPT,
        Opt(
            "progress",
            ("fortschritt", "progress"),
            ignoring_today(spelling.percent),
            bare=spelling.PERCENT,
        ),
    ),
)
async def record_update(
    ctx: CommandContext, measure: int, text: str, status: Status | None, progress: int | None
) -> Reply:
    """Record a progress update; the reply confirms id, status and progress.

    Progress on a planned measure starts it (`plan.vocabulary.status_for`); the reply says so.
    """
    found = await lookup.measure(ctx, measure)
    before = (found.status, found.progress)
    named = status.value if status else None
    recorded = status_for(found.status, named, progress)
    await ctx.store.updates.add(found, ctx.origin, text, recorded, progress)
    lines = [_standing(ctx, "update.saved", found)]
    if before != (found.status, found.progress):
        lines.append(ctx.text("update.before", status=ctx.status(before[0]), progress=before[1]))
    if recorded != named:
        lines.append(_started(ctx, found))
    return Reply(lines=tuple(lines))


async def withdraw_update(ctx: CommandContext, update: Update) -> Reply | None:
    """A redacted `!update`: withdraw it (author or coordinators); None if not theirs."""
    if update.withdrawn_at is not None or not permissions.may_withdraw(ctx, update.author):
        return None
    measure = await lookup.measure(ctx, update.measure_id)
    await ctx.store.updates.withdraw(update, measure, ctx.origin)
    return Reply(lines=(_standing(ctx, "update.withdrawn", measure, when=ctx.local(update.at)),))


def _standing(ctx: CommandContext, key: str, measure: Measure, **values: object) -> Text:
    """The text `key` naming the measure with the status and progress it now has."""
    return ctx.text(
        key, id=measure.id, status=ctx.status(measure.status), progress=measure.progress, **values
    )


def _started(ctx: CommandContext, measure: Measure) -> Text:
    """That the update's progress moved the planned measure to the status it now has."""
    return ctx.text("update.started", status=ctx.status(measure.status))


def update_line(ctx: CommandContext, update: Update) -> Text:
    """One update as shown under a measure: when, who, text, status and progress."""
    return ctx.text(
        "update.line",
        when=ctx.local(update.at),
        who=ctx.person(update.author),
        text=update.text,
        facts=values.update_facts(ctx.language, update.status, update.progress),
    )
