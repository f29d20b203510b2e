"""The base of every error users are shown: it names the text that explains it."""

from __future__ import annotations

from typing import Any


class Refusal(Exception):
    """Refused with the text `key`, to be filled with `values` in the reader's language."""

    def __init__(self, key: str, /, **values: Any) -> None:
        super().__init__(key)
        self.key = key
        self.values = values
