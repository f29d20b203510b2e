"""Errors a command raises to refuse; each names a text in `messages.de` / `messages.en`.

CommandError        refused; its text is safe to show in the room
├── UsageError      malformed input: the boundary adds the command's usage line
├── NotFound        an id or code that does not exist
├── Forbidden       the sender may not do this
└── Silent          handled without a word (e.g. someone else's edit of a command)
"""

from __future__ import annotations

from plan.refusal import Refusal


class CommandError(Refusal):
    """A refusal the dispatcher shows to the user as the text `key` filled with `values`."""


class UsageError(CommandError):
    """The command was written wrongly; `forms` are the usage lines to show with it."""

    forms: tuple[str, ...] = ()


class NotFound(CommandError):
    """The command names something that does not exist."""


class Forbidden(CommandError):
    """The sender lacks the permission the command needs."""


class Silent(CommandError):
    """Nothing to do and nothing to say; the event counts as handled."""

    def __init__(self) -> None:
        super().__init__("silent")
