"""Rich text and replies: every piece carries a plain and an HTML form, built together.

User text enters only through `Text.of()` or as a template value, and both escape it, so
nothing a user typed reaches `formatted_body` unescaped. Templates may use `**bold**`
and `` `code` ``.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

# body and formatted_body of one message together, as JSON: an event may have 64 KiB in
# all, and encryption makes it about a third larger
MAX_TEXT_BYTES = 40_000
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_CODE = re.compile(r"`(.+?)`")


@dataclass(frozen=True)
class Text:
    """A piece of message text in plain and HTML form."""

    plain: str
    html: str

    @classmethod
    def of(cls, value: Any) -> Text:
        """Text from any value; strings are escaped for HTML, `Text` is kept as it is."""
        if isinstance(value, Text):
            return value
        raw = str(value)
        return cls(raw, html.escape(raw, quote=False))

    @classmethod
    def template(cls, template: str, values: dict[str, Any]) -> Text:
        """Fill a trusted template with values; values are escaped, markup applied."""
        texts = {k: cls.of(v) for k, v in values.items()}
        plain = _CODE.sub(r"\1", _BOLD.sub(r"\1", template))
        marked = _CODE.sub(
            r"<code>\1</code>", _BOLD.sub(r"<b>\1</b>", html.escape(template, quote=False))
        )
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


@dataclass(frozen=True)
class Section:
    """A headed list inside a reply, e.g. "Überfällig (3)" and its measures."""

    heading: Text
    items: tuple[Text, ...]


@dataclass(frozen=True)
class Attachment:
    """A file sent with a reply: a chart (`m.image`) or a spreadsheet (`m.file`)."""

    filename: str
    mimetype: str
    data: bytes
    msgtype: str = "m.file"
    width: int | None = None
    height: int | None = None

    def content(self) -> dict[str, Any]:
        """The Matrix content, without the URL (the gateway adds it after uploading)."""
        info: dict[str, Any] = {"mimetype": self.mimetype, "size": len(self.data)}
        if self.width and self.height:
            info.update(w=self.width, h=self.height)
        return {
            "msgtype": self.msgtype,
            "body": self.filename,
            "filename": self.filename,
            "info": info,
            "m.mentions": {"user_ids": []},
        }


@dataclass(frozen=True)
class Reply:
    """What a command answers: lines of text, a list, sections, and whom it mentions."""

    lines: tuple[Text, ...]
    items: tuple[Text, ...] = ()
    footer: Text | None = None
    mentions: tuple[str, ...] = field(default=())
    sections: tuple[Section, ...] = ()
    attachments: tuple[Attachment, ...] = ()

    def content(self, msgtype: str = "m.notice") -> dict[str, Any]:
        """The Matrix content: plain `body`, HTML `formatted_body`, mentions only in m.mentions.

        A reply too long for one event loses list entries from its end (lists are paged,
        so this is the last line of defence, not the rule).
        """
        reply = self
        while reply.size > MAX_TEXT_BYTES:
            shorter = reply._without_last_entry()
            if shorter is None:
                break
            reply = shorter
        return {
            "msgtype": msgtype,
            "body": reply.body,
            "format": "org.matrix.custom.html",
            "formatted_body": reply.html,
            "m.mentions": {"user_ids": list(reply.mentions)},
        }

    @property
    def size(self) -> int:
        """Bytes of body and formatted_body as JSON on the wire (non-ASCII escaped, as nio does)."""
        return len(json.dumps(self.body)) + len(json.dumps(self.html))

    def _without_last_entry(self) -> Reply | None:
        """The reply with its last list entry replaced by "…", or None if it has none."""
        cut = Text.of("…")
        sections = list(self.sections)
        while sections and not [i for i in sections[-1].items if i != cut]:
            sections.pop()
        if sections:
            last = sections[-1]
            kept = tuple(i for i in last.items if i != cut)[:-1]
            sections[-1] = Section(last.heading, (*kept, cut))
            return replace(self, sections=tuple(sections))
        kept = tuple(i for i in self.items if i != cut)
        if kept:
            return replace(self, items=(*kept[:-1], cut), sections=())
        return None

    @property
    def body(self) -> str:
        """The plain `body` of the Matrix message."""
        parts = [line.plain for line in self.lines]
        parts += [f"• {item.plain}" for item in self.items]
        for section in self.sections:
            parts.append(section.heading.plain)
            parts += [f"• {item.plain}" for item in section.items]
        if self.footer is not None:
            parts.append(self.footer.plain)
        return "\n".join(parts)

    @property
    def html(self) -> str:
        """The HTML `formatted_body` of the Matrix message."""
        out = "<br>".join(line.html for line in self.lines)
        out += _html_list(self.items)
        for section in self.sections:
            out += f"<p><b>{section.heading.html}</b></p>{_html_list(section.items)}"
        if self.footer is not None:
            ends_in_block = self.items or self.sections
            out += self.footer.html if ends_in_block else "<br>" + self.footer.html
        return out


def _html_list(items: tuple[Text, ...]) -> str:
    return "<ul>" + "".join(f"<li>{item.html}</li>" for item in items) + "</ul>" if items else ""
