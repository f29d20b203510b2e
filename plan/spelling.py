"""How people write the plan's values: measure ids, codes, statuses, priorities, goals,
percentages, titles, user and room ids; and how words are folded to compare them.

Every reader returns a clean value or raises `Invalid` naming the text that explains
the problem; none touches the database or Matrix. Commands and the CSV import share them.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from plan.refusal import Refusal
from plan.vocabulary import PartyKind, Priority, Status


class Invalid(Refusal, ValueError):
    """A value people wrote that breaks the plan's rules; `key` names the explaining text."""


MAX_TITLE = 200
MAX_NAME = 200

_MEASURE_ID = re.compile(r"^m-?0*([1-9][0-9]{0,8})$", re.ASCII | re.IGNORECASE)
FIELD_CODE = re.compile(r"^hf-?([0-9]{1,2})$", re.ASCII | re.IGNORECASE)
_CODE = re.compile(r"^[A-Za-zÄÖÜäöü0-9][A-Za-zÄÖÜäöü0-9.\-/_]{0,39}$")
_USER_ID = re.compile(r"^@[a-z0-9._=\-/+]+:[A-Za-z0-9.\-]+(:[0-9]{1,5})?$", re.ASCII)
# an alias (#name:server) or a room id (!id:server; since room version 12 just !id)
_ROOM = re.compile(
    r"^(?:#[^\s:]+|![A-Za-z0-9._~+/=\-]+)(?::[A-Za-z0-9.\-]+(?::[0-9]{1,5})?)?$", re.ASCII
)
# the years an explicit date may lie in: 03.01.0001 is a typo, not a plan
FIRST_YEAR, LAST_YEAR = 1990, 2100
_EXPLICIT_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_GOAL = re.compile(r"^(?:ziel|oberziel|goal)?-?([0-9]{1,2})$", re.ASCII | re.IGNORECASE)

# keys are folded (see `fold`), so "verzögert" and "Verzoegert" both match
STATUS_WORDS: dict[str, Status] = {
    "geplant": Status.PLANNED,
    "planned": Status.PLANNED,
    "laufend": Status.RUNNING,
    "in_umsetzung": Status.RUNNING,
    "in_progress": Status.RUNNING,
    "verzoegert": Status.DELAYED,
    "delayed": Status.DELAYED,
    "zurueckgestellt": Status.ON_HOLD,
    "on_hold": Status.ON_HOLD,
    "abgeschlossen": Status.DONE,
    "done": Status.DONE,
}

PRIORITY_WORDS: dict[str, Priority] = {
    "kurz": Priority.SHORT,
    "kurzfristig": Priority.SHORT,
    "short": Priority.SHORT,
    "mittel": Priority.MEDIUM,
    "mittelfristig": Priority.MEDIUM,
    "medium": Priority.MEDIUM,
    "lang": Priority.LONG,
    "langfristig": Priority.LONG,
    "long": Priority.LONG,
}


PARTY_KIND_WORDS: dict[str, PartyKind] = {
    "fachbereich": PartyKind.CITY,
    "dezernat": PartyKind.CITY,
    "stadt": PartyKind.CITY,
    "intern": PartyKind.CITY,
    "department": PartyKind.CITY,
    "city": PartyKind.CITY,
    "partner": PartyKind.PARTNER,
    "extern": PartyKind.PARTNER,
    "external": PartyKind.PARTNER,
}


def fold(word: str) -> str:
    """Fold a command word or keyword so that case, ß and umlaut spellings all match."""
    folded = unicodedata.normalize("NFC", word).casefold()
    return folded.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")


def clean(text: str) -> str:
    """Normalise user text: NFC, no control or invisible formatting characters.

    Zero-width and bidirectional control characters are removed, since they make two
    titles look alike or reorder what others see; line breaks become spaces.
    """
    text = unicodedata.normalize("NFC", text)
    kept = (
        " " if ch in "\t\n\r\u2028\u2029" else ch
        for ch in text
        if ch in "\t\n\r\u2028\u2029" or unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co")
    )
    return " ".join("".join(kept).split())


def measure_id(value: str) -> int:
    """The number of a measure id written as M7, m7 or M-7."""
    match = _MEASURE_ID.match(value.strip())
    if not match:
        raise Invalid("error.bad_measure_id", value=value)
    return int(match.group(1))


def field_code(value: str) -> str:
    """A field of action code in canonical form ("hf2" → "HF2")."""
    match = FIELD_CODE.match(value.strip())
    if not match:
        raise Invalid("error.bad_field", value=value)
    return f"HF{int(match.group(1))}"


def department_code(value: str) -> str:
    """A department code such as FB18, Dez-III or OE18.62, as written."""
    value = value.strip()
    if not _CODE.match(value):
        raise Invalid("error.bad_code", value=value)
    return value


def status(value: str) -> Status:
    """A status from its German, ASCII or English spelling."""
    found = STATUS_WORDS.get(fold(value.strip()).replace("-", "_").replace(" ", "_"))
    if found is None:
        raise Invalid("error.bad_status", value=value, statuses=", ".join(s.value for s in Status))
    return found


def priority(value: str) -> Priority:
    """A priority (Vordringlichkeit): kurz, mittel or lang, also -fristig and English."""
    found = PRIORITY_WORDS.get(fold(value.strip()))
    if found is None:
        raise Invalid("error.bad_priority", value=value)
    return found


def goal_number(value: str) -> int:
    """The number of a goal (Oberziel), written as 2, Ziel2 or Oberziel-2."""
    match = _GOAL.match(value.strip())
    if not match:
        raise Invalid("error.bad_goal", value=value)
    return int(match.group(1))


def user_ids(value: str) -> tuple[str, ...]:
    """Matrix user ids separated by commas or spaces; an empty value or '-' means none."""
    parts = [p for p in re.split(r"[,\s]+", value.strip()) if p]
    if parts == ["-"]:
        return ()
    if not parts or not all(_USER_ID.match(p) for p in parts):
        raise Invalid("error.bad_user_ids", value=value)
    return tuple(dict.fromkeys(parts))


def party_kind(value: str) -> PartyKind:
    """A unit of the city (`fachbereich`, `dezernat`) or an external `partner`."""
    found = PARTY_KIND_WORDS.get(fold(value.strip()))
    if found is None:
        raise Invalid("error.bad_party_kind", value=value)
    return found


def department_codes(value: str) -> tuple[str, ...]:
    """Department or partner codes separated by commas or spaces; '-' means none."""
    parts = [p for p in re.split(r"[,\s]+", value.strip()) if p]
    if parts == ["-"]:
        return ()
    if not parts:
        raise Invalid("error.bad_code", value=value)
    unique: dict[str, str] = {}
    for code in map(department_code, parts):
        unique.setdefault(code.casefold(), code)  # codes compare regardless of case
    return tuple(unique.values())


def room(value: str) -> str:
    """A room id (!abc:server, or !abc) or alias (#name:server); '-' means no room ("")."""
    value = value.strip()
    if value == "-":
        return ""
    if not _ROOM.match(value) or (value.startswith("#") and ":" not in value):
        raise Invalid("error.bad_room", value=value)
    return value


def one_line(value: str, limit: int = MAX_TITLE, error: str = "error.bad_title") -> str:
    """A cleaned one-line title (or name) of at most `limit` characters."""
    cleaned = clean(value)
    if not cleaned or len(cleaned) > limit:
        raise Invalid(error, limit=limit)
    return cleaned


PERCENT = re.compile(r"^(\d{1,3})\s?%$", re.ASCII)


def percent(value: str) -> int:
    """Progress in percent, written 40, 40% or 40 %; 0 to 100."""
    text = value.strip()
    match = PERCENT.match(text) or re.match(r"^(\d{1,3})$", text, re.ASCII)
    if not match or int(match.group(1)) > 100:
        raise Invalid("error.bad_progress", value=value)
    return int(match.group(1))


def whole_number(value: str, low: int, high: int) -> int:
    """A whole number between `low` and `high`."""
    text = value.strip()
    if not re.fullmatch(r"\d{1,6}", text, re.ASCII) or not low <= int(text) <= high:
        raise Invalid("error.bad_number", value=value, low=low, high=high)
    return int(text)


def explicit_date(value: str) -> date:
    """A date written out, TT.MM.JJJJ or JJJJ-MM-TT, in a plausible year (past ones too).

    For files and the command line; chat commands take date phrases (`plan.date_phrases`).
    """
    text = value.strip()
    try:
        if match := _EXPLICIT_DATE.match(text):
            day = date(int(match[3]), int(match[2]), int(match[1]))
        else:
            day = date.fromisoformat(text)
    except ValueError:
        raise Invalid("error.bad_date", value=value) from None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:  # 03.01.0001 is a typo, not a plan
        raise Invalid("error.bad_date", value=value)
    return day
