"""`!update` (Sachstand) and `!verlauf`: progress updates and the audit trail."""

from __future__ import annotations

from commands import lookup, paging, parsing, permissions, show
from commands.context import CommandContext
from commands.errors import CommandError, Silent
from commands.permissions import Role
from commands.plan import Status
from commands.registry import Arg, Opt, Registry, plain
from commands.reply import Reply, Text
from storage.models import Change, Measure, Update

MAX_UPDATE = 1000
HISTORY_PAGE = 15
MEASURE = Arg("measure", "arg.measure", plain(parsing.measure_id))


def _text(value: str) -> str:
    return parsing.title(value, MAX_UPDATE, "error.bad_update_text")


def register(registry: Registry) -> None:
    """Add `!update` and `!verlauf` to `registry`."""
    registry.command(
        "update",
        english=("update",),
        aliases=(("sachstand",),),
        who=Role.MEMBER,
        help="help.update",
        corrects=correct_update,
        args=(MEASURE, Arg("text", "arg.text", plain(_text), rest=True)),
        options=(
            Opt("status", ("status",), plain(parsing.status)),
            Opt(
                "progress",
                ("fortschritt", "progress"),
                plain(parsing.percent),
                bare=parsing.PERCENT,
            ),
        ),
    )(record_update)
    registry.command(
        "verlauf",
        english=("history",),
        who=Role.EVERYONE,
        help="help.verlauf",
        args=(MEASURE,),
        options=(paging.PAGE_OPT,),
    )(show_history)


async def record_update(
    ctx: CommandContext, measure: int, text: str, status: Status | None, progress: int | None
) -> Reply:
    """Record a progress update; the reply confirms id, status and progress."""
    found = await lookup.measure(ctx, measure)
    before = (found.status, found.progress)
    if status is Status.DONE and progress is None:
        progress = 100
    await ctx.store.updates.add(found, ctx.origin, text, status.value if status else None, progress)
    lines = [
        ctx.text(
            "update.saved",
            id=found.id,
            status=ctx.word(f"status.{found.status}"),
            progress=found.progress,
        )
    ]
    if before != (found.status, found.progress):
        lines.append(
            ctx.text("update.before", status=ctx.word(f"status.{before[0]}"), progress=before[1])
        )
    return Reply(lines=tuple(lines))


async def correct_update(
    ctx: CommandContext, measure: int, text: str, status: Status | None, progress: int | None
) -> Reply:
    """An edited `!update`: correct the update it recorded, keeping both versions."""
    assert ctx.event_id is not None
    original = await ctx.store.updates.by_event(ctx.event_id)
    if original is None:  # the first version was refused: the edit is the command
        return await record_update(ctx, measure, text, status, progress)
    if original.author != ctx.sender:
        raise Silent()
    if original.measure_id != measure:
        raise CommandError("error.edit_other_measure", id=original.measure_id)
    found = await lookup.measure(ctx, measure)
    if status is Status.DONE and progress is None:
        progress = 100
    changed = await ctx.store.updates.correct(
        original, found, ctx.origin, text, status.value if status else None, progress
    )
    if not changed:
        return Reply(lines=(ctx.text("update.correction_unchanged", id=found.id),))
    return Reply(
        lines=(
            ctx.text(
                "update.corrected",
                id=found.id,
                status=ctx.word(f"status.{found.status}"),
                progress=found.progress,
            ),
        ),
        items=tuple(show.change_lines(ctx, changed)),
    )


async def withdraw_update(ctx: CommandContext, update: Update) -> Reply | None:
    """A redacted `!update`: withdraw it (author or coordinators); None if not theirs."""
    if update.withdrawn_at is not None or not permissions.may_withdraw(ctx, update.author):
        return None
    measure = await lookup.measure(ctx, update.measure_id)
    await ctx.store.updates.withdraw(update, measure, ctx.origin)
    return Reply(
        lines=(
            ctx.text(
                "update.withdrawn",
                id=measure.id,
                when=ctx.local(update.at),
                status=ctx.word(f"status.{measure.status}"),
                progress=measure.progress,
            ),
        )
    )


def update_line(ctx: CommandContext, update: Update) -> Text:
    """One update as shown under a measure: when, who, text, status and progress."""
    facts = [
        ctx.word(f"status.{update.status}") if update.status else None,
        f"{update.progress} %" if update.progress is not None else None,
    ]
    shown = ", ".join(f for f in facts if f)
    return ctx.text(
        "update.line",
        when=ctx.local(update.at),
        who=update.author,
        text=update.text,
        facts=f" ({shown})" if shown else "",
    )


async def show_history(ctx: CommandContext, measure: int, page: int | None) -> Reply:
    """The audit trail of a measure, newest page first, oldest entry first on each page."""
    found = await lookup.measure(ctx, measure)
    total = await ctx.store.changes.count_for_measure(found.id)
    page = page or 1
    skip = (page - 1) * HISTORY_PAGE
    changes = await ctx.store.changes.for_measure(found.id, HISTORY_PAGE, skip)
    if not changes:
        raise CommandError("error.no_such_page", page=page)
    updates = {u.id: u for u in await ctx.store.updates.all_for(found.id)}
    older = total - skip - len(changes)
    return Reply(
        lines=(ctx.text("history.heading", id=found.id, title=found.title, total=total),),
        items=tuple(_entry(ctx, change, found, updates) for change in changes),
        footer=ctx.text("history.older", n=older, id=found.id, page=page + 1) if older else None,
    )


def _entry(
    ctx: CommandContext, change: Change, measure: Measure, updates: dict[int, Update]
) -> Text:
    """One line of the trail: when · who · what."""
    details = change.details
    what: Text
    if change.kind == "created":
        what = ctx.text(
            "history.created", title=details.get("title", ""), field=details.get("field", "")
        )
    elif change.kind in (
        "edited",
        "update_corrected",
        "deadline",
        "deadline_corrected",
        "deadline_withdrawn",
        "department_edited",
    ):
        after = details.get("after", {})
        diff = Text.join(
            "; ",
            show.change_lines(
                ctx, {key: (details["before"].get(key), after[key]) for key in after}
            ),
        )
        what = ctx.text(f"history.{change.kind}", changes=diff)
    elif change.kind == "update":
        update = updates.get(details.get("update_id", -1))
        facts = ", ".join(
            f
            for f in (
                ctx.word(f"status.{details['status']}") if details.get("status") else "",
                f"{details['progress']} %" if details.get("progress") is not None else "",
            )
            if f
        )
        marks = []
        if update is not None and update.corrected_at is not None:
            marks.append(ctx.word("history.mark_corrected"))
        if update is not None and update.withdrawn_at is not None:
            marks.append(ctx.word("history.mark_withdrawn"))
        what = ctx.text(
            "history.update",
            text=details.get("text", ""),
            facts=f" ({facts})" if facts else "",
            marks=f" [{', '.join(marks)}]" if marks else "",
        )
    elif change.kind == "update_withdrawn":
        what = ctx.text("history.update_withdrawn", text=details.get("text", ""))
    else:
        what = Text.of(change.kind)
    return ctx.text("history.entry", when=ctx.local(change.at), who=change.actor, what=what)
