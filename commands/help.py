"""`!hilfe [Befehl]`: generated from the command specs, never written twice."""

from __future__ import annotations

from commands.context import CommandContext
from commands.errors import NotFound
from commands.roles import role_text
from commands.spec import Arg, command
from messages.reply import Reply
from messages.text import Text


@command(
    "hilfe",
    english=("help",),
    args=(Arg("topic", "arg.topic", lambda value, _today: value, optional=True),),
)
async def show_help(ctx: CommandContext, topic: str | None) -> Reply:
    """The overview of all commands, or every form of one command with examples."""
    registry = ctx.registry
    if topic is None:
        return Reply(
            lines=(ctx.text("help.title"),),
            items=tuple(
                ctx.text("help.line", usage=s.usage(ctx.language), help=ctx.text(s.help))
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
            ctx.text(spec.help),
            ctx.text("help.who", who=role_text(ctx.language, spec.who)),
            ctx.text("help.examples"),
            *(
                ctx.text("help.code", code=example)
                for example in ctx.word(f"{spec.help}.examples").splitlines()
            ),
            Text.of(""),
        ]
    return Reply(lines=tuple(lines[:-1]))
