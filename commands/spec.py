"""How a command is declared: its words, arguments, options, permission and help.

Usage lines and `!hilfe` are derived from the declaration, never written twice.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from commands.roles import Role
from messages import catalogue
from messages.reply import Reply

Converter = Callable[[str, date], Any]
Handler = Callable[..., Awaitable[Reply]]


def plain(convert: Callable[[str], Any]) -> Converter:
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

    `bare` also takes a free word of that shape as the value, e.g. `40%` for progress.
    """

    param: str
    names: tuple[str, ...]
    convert: Converter | None = None
    bare: re.Pattern[str] | None = None

    @property
    def is_flag(self) -> bool:
        """A flag is a bare word such as `überfällig`, not `key=value`."""
        return self.convert is None


@dataclass(frozen=True)
class CommandSpec:
    """One command: the words that call it, what it takes, who may run it, its help."""

    words: tuple[str, ...]
    english: tuple[str, ...]
    who: Role
    args: tuple[Arg, ...]
    options: tuple[Opt, ...]
    help: str
    handler: Handler
    aliases: tuple[tuple[str, ...], ...] = ()
    corrects: Handler | None = None
    # the stricter role needed when any option is given (`!fb FB18` shows, `!fb FB18 raum=` edits)
    to_change: Role | None = None

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
            label = catalogue.word(language, arg.label)
            parts.append(f"[{label}]" if arg.optional else label)
        parts += [
            f"[{opt.names[0]}]" if opt.is_flag else f"[{opt.names[0]}=]" for opt in self.options
        ]
        return " ".join(parts)
