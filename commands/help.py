"""`!hilfe [Befehl]`: generated from the command specs, never written twice."""

from __future__ import annotations

from typing import Any

from commands.context import CommandContext
from commands.deadlines import DEFAULT_DAYS
from commands.errors import NotFound
from commands.reminders import LIST_DAYS
from commands.roles import role_text
from commands.spec import Arg, command, ignoring_today
from messages import dates
from messages.reply import Reply
from messages.text import Text
from messages.texts import listing
from plan.digest_week import DUE_SOON, WINDOW


@command(
    "hilfe",
    english=("help",),
    args=(Arg("topic", "arg.topic", ignoring_today(str), optional=True),),
)
async def show_help(ctx: CommandContext, topic: str | None) -> Reply:
    """The overview of all commands, or every form of one command with examples."""
    registry = ctx.registry
    policy = _policy(ctx)
    if topic is None:
        return Reply(
            lines=(ctx.text("help.title"),),
            items=tuple(
                ctx.text("help.line", usage=s.usage(ctx.language), help=ctx.text(s.help, **policy))
                for s in registry.specs
            ),
            footer=ctx.text("help.footer"),
        )
    specs = registry.topic(topic)
    if not specs:
        names = ", ".join(f"!{name}" for name in registry.names())
        raise NotFound("help.unknown_topic", topic=topic, commands=names)
    lines: list[Text] = []
    for spec in specs:
        lines += [
            ctx.text("help.code", code=spec.usage(ctx.language)),
            ctx.text(spec.help, **policy),
            ctx.text("help.who", who=role_text(ctx.language, spec.who)),
            ctx.text("help.examples"),
            *(
                ctx.text("help.code", code=example)
                for example in ctx.word(spec.examples).splitlines()
            ),
            Text.of(""),
        ]
    return Reply(lines=tuple(lines[:-1]))


def _policy(ctx: CommandContext) -> dict[str, Any]:
    """The numbers help texts name: the configured reminders and the commands' own limits,
    spans of days in words ("14, 3 und 0 Tage", "alle 7 Tage").

    Every help text is filled with all of them; a text uses those it names.
    """
    reminders = ctx.settings.reminders
    before = reminders.days_before
    # several numbers take the plural ("3 und 1 Tage"), a single one its own number
    before_count = before[0] if len(before) == 1 else len(before)
    return {
        "days_before": ctx.counted("days.count", before_count, days=listing(ctx.language, before)),
        "time": dates.clock(reminders.time),
        "overdue_every": ctx.counted("days.every", reminders.overdue_every_days),
        "list_days": ctx.counted("days.next_and_last", LIST_DAYS),
        "default_days": DEFAULT_DAYS,
        "window_days": ctx.counted("days.last", WINDOW.days),
        "due_soon_days": ctx.counted("days.next", DUE_SOON.days),
    }
