"""`!verlauf`: the audit trail of a measure, one line per change, newest page first."""

from __future__ import annotations

from commands import lookup, paging
from commands.context import CommandContext
from commands.errors import CommandError
from commands.registry import Registry
from commands.roles import Role
from commands.spec import Arg, plain
from messages import values
from messages.reply import Reply
from messages.text import Text
from plan import spelling
from storage.models import Change, Measure, Update

HISTORY_PAGE = 15


def register(registry: Registry) -> None:
    """Add `!verlauf` to `registry`."""
    registry.command(
        "verlauf",
        english=("history",),
        who=Role.EVERYONE,
        help="help.verlauf",
        args=(Arg("measure", "arg.measure", plain(spelling.measure_id)),),
        options=(paging.PAGE_OPT,),
    )(show_history)


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
            values.change_lines(
                ctx.language, {key: (details["before"].get(key), after[key]) for key in after}
            ),
        )
        what = ctx.text(f"history.{change.kind}", changes=diff)
    elif change.kind == "update":
        update = updates.get(details.get("update_id", -1))
        facts = ", ".join(
            f
            for f in (
                ctx.status(details["status"]) if details.get("status") else "",
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
