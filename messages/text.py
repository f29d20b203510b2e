"""Rich text: every piece carries a plain and an HTML form, built together.

User text enters only through `Text.of()` or as a template value, and both escape it, so
nothing a user typed reaches `formatted_body` unescaped. Templates may use `**bold**`
and `` `code` ``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from messages import dates

_BOLD = re.compile(r"\*\*(.+?)\*\*")
_CODE = re.compile(r"`(.+?)`")


@cache  # templates come from the text catalogue: a few hundred, each filled again and again
def _forms(template: str) -> tuple[str, str]:
    """The plain and the HTML form of a template, markup applied, values still to fill."""
    plain = _CODE.sub(r"\1", _BOLD.sub(r"\1", template))
    marked = _CODE.sub(
        r"<code>\1</code>", _BOLD.sub(r"<b>\1</b>", html.escape(template, quote=False))
    )
    return plain, marked


@dataclass(frozen=True)
class Text:
    """A piece of message text in plain and HTML form."""

    plain: str
    html: str

    @classmethod
    def of(cls, value: Any) -> Text:
        """Text from any value: escaped for HTML, a date as TT.MM.JJJJ, `Text` kept as it is."""
        if isinstance(value, Text):
            return value
        raw = dates.day(value) if type(value) is date else str(value)
        return cls(raw, html.escape(raw, quote=False))

    @classmethod
    def template(cls, template: str, values: dict[str, Any]) -> Text:
        """Fill a trusted template with values; values are escaped, markup applied."""
        texts = {k: cls.of(v) for k, v in values.items()}
        plain, marked = _forms(template)
        return cls(
            plain.format(**{k: t.plain for k, t in texts.items()}),
            marked.format(**{k: t.html for k, t in texts.items()}),
        )

    def __add__(self, other: Text | str) -> Text:
        other = Text.of(other)
        return Text(self.plain + other.plain, self.html + other.html)

    @classmethod
    def join(cls, separator: str, parts: Iterable[Text | str]) -> Text:
        """Join parts with a separator given as plain text."""
        items = [cls.of(p) for p in parts]
        sep = cls.of(separator)
        return cls(sep.plain.join(i.plain for i in items), sep.html.join(i.html for i in items))
