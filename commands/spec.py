"""How a command is declared: `@command(...)` on its handler, with words, arguments,
options and permission; its help text key follows from its words.

Usage lines and `!hilfe` are derived from the declaration, never written twice. The
declaration is kept on the handler; `Registry.add_module` collects it, so nothing is
registered by importing a module.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from commands.roles import Role
from messages import texts
from messages.reply import Reply
from plan import spelling

Converter = Callable[[str, date], Any]
Handler = Callable[..., Awaitable[Reply]]
H = TypeVar("H", bound=Handler)
# the attribute of a handler that holds its declaration
SPEC_ATTRIBUTE = "command_spec"


def ignoring_today(convert: Callable[[str], Any]) -> Converter:
    """Adapt a converter that does not need today's date."""
    return lambda value, _today: convert(value)


@dataclass(frozen=True)
class Arg:
    """A positional argument; `rest` takes all remaining free words as one text."""

    param: str
    label: str
    convert: Converter
    rest: bool = False
    optional: bool = False


@dataclass(frozen=True)
class Opt:
    """A `key=value` option (or, without a converter, a bare flag word).

    `names` are the German name first, then the English one (if it differs), then other
    spellings. `bare` also takes a free word of that shape as the value, e.g. `40%` for
    progress.
    """

    param: str
    names: tuple[str, ...]
    convert: Converter | None = None
    bare: re.Pattern[str] | None = None

    @property
    def is_flag(self) -> bool:
        """A flag is a bare word such as `überfällig`, not `key=value`."""
        return self.convert is None

    def name(self, language: str) -> str:
        """The name users of `language` type: the German (first) or English (second) name."""
        return self.names[1] if language == "en" and len(self.names) > 1 else self.names[0]

    def typed(self, language: str, value: object = None) -> str:
        """The option as a user of `language` types it: `seite=2`, `status="on hold"`, a flag."""
        if self.is_flag:
            return self.name(language)
        shown = str(value)
        if any(c.isspace() for c in shown):
            shown = f'"{shown}"'  # a value with spaces stays one word (commands.parsing)
        return f"{self.name(language)}={shown}"


@dataclass(frozen=True)
class CommandSpec:
    """One command: the words that call it, what it takes, who may run it, its help."""

    words: tuple[str, ...]
    english: tuple[str, ...]
    who: Role
    args: tuple[Arg, ...]
    options: tuple[Opt, ...]
    handler: Handler
    aliases: tuple[tuple[str, ...], ...] = ()
    # runs instead of `handler` for an edit of the command message (see commands.edits)
    corrects: Handler | None = None
    # the stricter role needed when any option is given (`!fb FB18` shows, `!fb FB18 raum=` edits)
    to_change: Role | None = None
    # takes a while (a chart, a file): the room sees the bot typing meanwhile
    slow: bool = False

    @property
    def help(self) -> str:
        """The text key of its help, e.g. "help.massnahme.aendern"."""
        return "help." + ".".join(spelling.fold(word) for word in self.words)

    @property
    def examples(self) -> str:
        """The text key of its help examples, e.g. "help.massnahme.aendern.examples"."""
        return self.help + ".examples"

    @property
    def params(self) -> tuple[str, ...]:
        """The handler parameters its arguments and options fill."""
        return tuple(a.param for a in self.args) + tuple(o.param for o in self.options)

    def role_for(self, values: dict[str, Any]) -> Role:
        """The role the parsed command needs."""
        changing = any(
            values.get(opt.param) is not None and values.get(opt.param) is not False
            for opt in self.options
        )
        return self.to_change if self.to_change is not None and changing else self.who

    def usage(self, language: str) -> str:
        """The usage line, e.g. `!massnahme neu HF<n> <Titel> [fb=] [frist=]`."""
        words = self.english if language == "en" else self.words
        parts = [f"!{' '.join(words)}"]
        for arg in self.args:
            label = texts.word(language, arg.label)
            parts.append(f"[{label}]" if arg.optional else label)
        parts += [
            f"[{opt.names[0]}]" if opt.is_flag else f"[{opt.names[0]}=]" for opt in self.options
        ]
        return " ".join(parts)


def command(
    *words: str,
    english: Sequence[str],
    who: Role = Role.EVERYONE,
    args: Sequence[Arg] = (),
    options: Sequence[Opt] = (),
    aliases: Sequence[Sequence[str]] = (),
    corrects: Handler | None = None,
    to_change: Role | None = None,
    slow: bool = False,
) -> Callable[[H], H]:
    """Declare the decorated handler as the command `!<words>` (`!<english>` in English)."""

    def declare(handler: H) -> H:
        spec = CommandSpec(
            tuple(words),
            tuple(english),
            who,
            tuple(args),
            tuple(options),
            handler,
            tuple(tuple(a) for a in aliases),
            corrects,
            to_change,
            slow,
        )
        setattr(handler, SPEC_ATTRIBUTE, spec)
        return handler

    return declare


def spec_of(value: object) -> CommandSpec | None:
    """The declaration `@command` left on a handler, or None for anything else."""
    spec = getattr(value, SPEC_ATTRIBUTE, None)
    return spec if isinstance(spec, CommandSpec) else None


# arguments and options more than one command takes (`dataclasses.replace(FIELD,
# optional=True)` where one may be left out)
MEASURE = Arg("measure", "arg.measure", ignoring_today(spelling.measure_id))
FIELD = Arg("field", "arg.field", ignoring_today(spelling.field_code))
STATUS_OPT = Opt("status", ("status",), ignoring_today(spelling.status))
DEPARTMENT_OPT = Opt(
    "department", ("fb", "dept", "department"), ignoring_today(spelling.department_code)
)
