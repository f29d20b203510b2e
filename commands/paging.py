"""Long lists in pages: every list reply stays far below what a homeserver accepts.

A list command takes `seite=` (`page=`); each page shows `PAGE_SIZE` entries and ends
with the command that shows the next page, written as users of the reply language type it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from commands.context import CommandContext
from commands.errors import CommandError
from commands.spec import Opt, ignoring_today
from messages.text import Text
from plan import spelling

T = TypeVar("T")
PAGE_SIZE = 25
MAX_PAGE = 10_000

PAGE_OPT = Opt(
    "page", ("seite", "page"), ignoring_today(lambda v: spelling.whole_number(v, 1, MAX_PAGE))
)


@dataclass(frozen=True)
class Page(Generic[T]):
    """The entries of one page of a list, and where it stands in the whole."""

    items: Sequence[T]
    number: int
    total: int
    size: int = PAGE_SIZE

    @property
    def after(self) -> int:
        """How many entries come after this page."""
        return max(0, self.total - offset(self.number, self.size) - len(self.items))


def offset(number: int | None, size: int = PAGE_SIZE) -> int:
    """How many entries come before page `number` (None: the first page)."""
    return ((number or 1) - 1) * size


def page_of(items: Sequence[T], number: int | None, size: int = PAGE_SIZE) -> Page[T]:
    """Page `number` (default 1) of a list held in memory.

    Raises:
        CommandError: the page does not exist.
    """
    page = Page(items[offset(number, size) : offset(number, size) + size], number or 1, len(items))
    return check(page)


def check(page: Page[T]) -> Page[T]:
    """The page, unless it lies beyond the end of a non-empty list."""
    if page.number > 1 and not page.items:
        raise CommandError("error.no_such_page", page=page.number)
    return page


def footer(ctx: CommandContext, page: Page[T], command: str, key: str = "page.more") -> Text | None:
    """ "… 40 weitere Einträge: `!fachbereiche seite=2`" when more entries follow.

    Args:
        command: the command that showed this page, with its filters, in the reply language.
        key: the counted text for the number of entries that follow, filled with the
            `command` that shows the next page.
    """
    if not page.after:
        return None
    following = f"{command} {PAGE_OPT.typed(ctx.language, page.number + 1)}"
    return ctx.counted(key, page.after, command=following)
