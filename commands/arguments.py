"""From the words after a command to the handler's keyword arguments.

A `key=value` word with an unknown key is refused rather than taken as text, so a
mistyped option (`frsit=`) is never silently dropped into a title. A value that breaks
the plan's spelling (`plan.spelling.Invalid`) becomes a `UsageError` here.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from commands.errors import UsageError
from commands.parsing import split_option
from commands.spec import CommandSpec, Converter
from messages import texts
from plan.spelling import Invalid, fold


def parse(spec: CommandSpec, tokens: Sequence[str], today: date, language: str) -> dict[str, Any]:
    """Turn the tokens after the command words into the handler's keyword arguments.

    Raises:
        UsageError: a word or value does not fit the command.
    """
    by_name = {fold(name): opt for opt in spec.options for name in opt.names}
    values: dict[str, Any] = {opt.param: (False if opt.is_flag else None) for opt in spec.options}
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
            values[opt.param] = _convert(opt.convert, option[1], today)
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
        values[arg.param] = _convert(arg.convert, text, today)
    if free:
        raise UsageError("error.unexpected", text=" ".join(free))
    return values


def _convert(convert: Converter, text: str, today: date) -> Any:
    try:
        return convert(text, today)
    except Invalid as refused:
        raise UsageError(refused.key, **refused.values) from None
