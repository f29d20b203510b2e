"""What a command or a service says: a `Reply` of lines, lists, sections and files.

A reply knows its plain and HTML form and how large it is on the wire; the Matrix
content it is sent as is built in `messages.matrix_content`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace

from messages.text import Text


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


@dataclass(frozen=True)
class Reply:
    """What a command answers: lines of text, a list, sections, and whom it mentions."""

    lines: tuple[Text, ...]
    items: tuple[Text, ...] = ()
    footer: Text | None = None
    mentions: tuple[str, ...] = field(default=())
    sections: tuple[Section, ...] = ()
    attachments: tuple[Attachment, ...] = ()

    @property
    def size(self) -> int:
        """Bytes of body and formatted_body as JSON on the wire (non-ASCII escaped, as nio does)."""
        return len(json.dumps(self.body)) + len(json.dumps(self.html))

    def without_last_entry(self) -> Reply | None:
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
        """The plain text of the reply."""
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
        """The HTML form of the reply."""
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
