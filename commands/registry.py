"""The registry: every command by the words that call it, found again by its first words."""

from __future__ import annotations

import inspect
from collections.abc import Sequence
from types import ModuleType

from commands.spec import CommandSpec, Handler, spec_of
from plan.spelling import fold


class RegistryError(Exception):
    """Two commands claim the same words (raised while the registry is built)."""


class Registry:
    """All commands, found by their first one or two words (case and umlauts folded)."""

    def __init__(self) -> None:
        self._by_words: dict[tuple[str, ...], CommandSpec] = {}
        self.specs: list[CommandSpec] = []

    def add_module(self, module: ModuleType) -> None:
        """Add every command declared (`@command`) in `module`, in the order written."""
        for value in vars(module).values():
            spec = spec_of(value)
            if spec is not None and getattr(value, "__module__", None) == module.__name__:
                self.add(spec)

    def add(self, spec: CommandSpec) -> None:
        """Add one command.

        Raises:
            RegistryError: its words are taken, or an argument names no handler parameter.
        """
        accepted = set(inspect.signature(spec.handler).parameters) - {"ctx"}
        if accepted != set(spec.params):
            raise RegistryError(
                f"{spec.handler.__name__} takes {sorted(accepted)}, "
                f"its command fills {sorted(spec.params)}"
            )
        for key in {tuple(fold(w) for w in ws) for ws in (spec.words, spec.english, *spec.aliases)}:
            if key in self._by_words:
                raise RegistryError(f"'!{' '.join(key)}' is registered twice")
            self._by_words[key] = spec
        self.specs.append(spec)

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
