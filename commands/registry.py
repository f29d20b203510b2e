"""Command specs and the registry: each command is declared once, with its arguments,
options, permission and help; parsing, permission checks, usage lines and `!hilfe` are
all derived from that one declaration.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from commands import permissions, texts
from commands.errors import CommandError, NotFound, UsageError
from commands.parsing import fold, split_option
from commands.permissions import Role
from commands.reply import Reply

if TYPE_CHECKING:
    from commands.context import CommandContext

Converter = Callable[[str, date], Any]
Handler = Callable[..., Awaitable[Reply]]


class RegistryError(Exception):
    """Two commands claim the same words (raised while the registry is built)."""


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
            label = texts.word(language, arg.label)
            parts.append(f"[{label}]" if arg.optional else label)
        parts += [
            f"[{opt.names[0]}]" if opt.is_flag else f"[{opt.names[0]}=]" for opt in self.options
        ]
        return " ".join(parts)


class Registry:
    """All commands, found by their first one or two words (case and umlauts folded)."""

    def __init__(self) -> None:
        self._by_words: dict[tuple[str, ...], CommandSpec] = {}
        self.specs: list[CommandSpec] = []

    def command(
        self,
        *words: str,
        english: Sequence[str],
        who: Role,
        help: str,
        args: Sequence[Arg] = (),
        options: Sequence[Opt] = (),
        aliases: Sequence[Sequence[str]] = (),
        corrects: Handler | None = None,
        to_change: Role | None = None,
    ) -> Callable[[Handler], Handler]:
        """Register the decorated handler under `words`, `english` and `aliases`.

        `corrects` handles an edit of such a command message: it receives the same
        arguments, parsed from the edited text, with `ctx.edit_of` set.
        """

        def register(handler: Handler) -> Handler:
            spec = CommandSpec(
                tuple(words),
                tuple(english),
                who,
                tuple(args),
                tuple(options),
                help,
                handler,
                tuple(tuple(a) for a in aliases),
                corrects,
                to_change,
            )
            for key in {
                tuple(fold(w) for w in ws) for ws in (spec.words, spec.english, *spec.aliases)
            }:
                if key in self._by_words:
                    raise RegistryError(f"'!{' '.join(key)}' is registered twice")
                self._by_words[key] = spec
            self.specs.append(spec)
            return handler

        return register

    def words_of(self, handler: Handler, language: str) -> str:
        """How the command of `handler` is called in `language`, e.g. `!massnahmen`."""
        spec = next(s for s in self.specs if s.handler == handler)
        return "!" + " ".join(spec.english if language == "en" else spec.words)

    def names(self) -> list[str]:
        """Every first word that starts a command (for suggestions)."""
        return sorted({key[0] for key in self._by_words})

    def resolve(self, tokens: Sequence[str]) -> tuple[CommandSpec, list[str]] | None:
        """The spec the tokens call and the tokens left for it; None if no command matches.

        The exact words are matched, never a prefix: `!fristen` is not `!frist`.
        """
        folded = [fold(t) for t in tokens[:2]]
        if len(folded) == 2 and (spec := self._by_words.get((folded[0], folded[1]))):
            return spec, list(tokens[2:])
        if folded and (spec := self._by_words.get((folded[0],))):
            return spec, list(tokens[1:])
        return None

    def group(self, spec: CommandSpec) -> list[CommandSpec]:
        """All specs that start with the same word as `spec` (e.g. every `!massnahme …`)."""
        return [s for s in self.specs if s.words[0] == spec.words[0]]

    def topic(self, word: str) -> list[CommandSpec]:
        """The specs `!hilfe <word>` explains, matched by any of their words."""
        key = fold(word.lstrip("!"))
        return [
            s for s in self.specs if key in {fold(ws[0]) for ws in (s.words, s.english, *s.aliases)}
        ]

    def parse(
        self, spec: CommandSpec, tokens: Sequence[str], today: date, language: str
    ) -> dict[str, Any]:
        """Turn the tokens after the command words into the handler's keyword arguments.

        A `key=value` word with an unknown key is refused rather than taken as text, so
        a mistyped option (`frsit=`) is never silently dropped into a title.
        """
        by_name = {fold(name): opt for opt in spec.options for name in opt.names}
        values: dict[str, Any] = {
            opt.param: (False if opt.is_flag else None) for opt in spec.options
        }
        seen: set[str] = set()
        free: list[str] = []
        for token in tokens:
            option = split_option(token)
            flag = by_name.get(fold(token))
            bare = next((o for o in spec.options if o.bare and o.bare.fullmatch(token)), None)
            if bare is not None:
                option = (bare.names[0], token)
            if flag is not None and flag.is_flag:
                values[flag.param] = True
            elif option is not None and (opt := by_name.get(option[0])) is not None:
                if opt.param in seen:
                    raise UsageError("error.duplicate_option", key=opt.names[0])
                seen.add(opt.param)
                if opt.convert is None or not option[1].strip():
                    raise UsageError("error.empty_option", key=option[0])
                values[opt.param] = opt.convert(option[1], today)
            elif option is not None and spec.options:
                raise UsageError(
                    "error.unknown_option",
                    key=option[0],
                    options=", ".join(f"{o.names[0]}=" for o in spec.options if not o.is_flag),
                )
            else:
                free.append(token)
        for arg in spec.args:
            if not free:
                if not arg.optional:
                    raise UsageError("error.missing", what=texts.word(language, arg.label))
                values[arg.param] = None
                continue
            if arg.rest:
                text, free = " ".join(free), []
            else:
                text = free.pop(0)
            values[arg.param] = arg.convert(text, today)
        if free:
            raise UsageError("error.unexpected", text=" ".join(free))
        return values

    async def run(self, ctx: CommandContext, tokens: Sequence[str]) -> Reply:
        """Resolve, parse, check permission and run the command the tokens name.

        Raises:
            CommandError: for every refusal; the dispatcher turns it into a reply.
        """
        found = self.resolve(tokens)
        if found is None:
            word = fold(tokens[0]) if tokens else ""
            close = difflib.get_close_matches(word, self.names(), n=1, cutoff=0.6)
            if close:
                raise NotFound("error.unknown_command_hint", word=word, suggestion=close[0])
            raise NotFound("error.unknown_command", word=word)
        spec, rest = found
        try:
            values = self.parse(spec, rest, ctx.today, ctx.language)
            await permissions.require(ctx, spec.role_for(values), values.get("measure"))
            handler = spec.handler
            if ctx.edit_of is not None:
                if spec.corrects is not None:
                    handler = spec.corrects
                elif ctx.event_id and await ctx.store.changes.by_event(ctx.event_id):
                    # the original made a record this command cannot correct in place
                    raise CommandError("error.edit_not_supported", usage=spec.usage(ctx.language))
            return await handler(ctx, **values)
        except UsageError as exc:
            # a two-word command shows its own form; a bare `!massnahme` all of its group
            forms = [spec] if len(spec.words) > 1 else self.group(spec)
            exc.forms = tuple(s.usage(ctx.language) for s in forms)
            raise
