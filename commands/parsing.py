"""The syntax of a command message: words, quoted words and `key=value` options.

The values inside are read by `plan.spelling`; this module only splits the text.
"""

from __future__ import annotations

import re

from commands.errors import UsageError
from plan.spelling import fold

MAX_MESSAGE = 4000

# Staff paste from Word and Outlook: typographic quotes count as quotes.
_QUOTES = str.maketrans({"„": '"', "“": '"', "”": '"', "«": '"', "»": '"'})
_TOKEN = re.compile(r'(?:[^\s"]+|"[^"]*")+')
_OPTION = re.compile(r"^([^\W\d_][\w-]*)=(.*)$", re.DOTALL)


def tokenize(text: str) -> list[str]:
    """Split command text into words; double quotes (also „…“) keep spaces inside a word."""
    text = text.translate(_QUOTES)
    if text.count('"') % 2:
        raise UsageError("error.unclosed_quote")
    return [token.replace('"', "") for token in _TOKEN.findall(text)]


def split_option(token: str) -> tuple[str, str] | None:
    """`("fb", "FB18")` for the token `fb=FB18`; None when the token is not an option."""
    match = _OPTION.match(token)
    return (fold(match.group(1)), match.group(2)) if match else None
