"""The plan's money: whether a measure needs funds beyond the existing budgets, how
much, which council paper (Drucksache) puts it before the council bodies, and where
their decision stands; and how people write these.

Amounts are kept in euro cents. They are read the German way: "25.000", "25.000,50 €",
"25 000 EUR", "1,5 Mio. €"; what could also be read the English way ("25,000", "2.5") is
refused with a question, never guessed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from enum import StrEnum

from plan.spelling import Invalid, clean, fold

# a typo's worth of zeros, not a plan (10 billion euros)
MAX_CENTS = 10**12
MAX_PAPER = 60


class Funding(StrEnum):
    """Mittelbedarf: additional funds beyond the existing budgets, or the existing ones."""

    ADDITIONAL = "zusaetzlich"
    EXISTING = "bestehend"


class Decision(StrEnum):
    """Where the council bodies' decision on a measure's funds stands."""

    OPEN = "offen"
    ADOPTED = "beschlossen"
    REJECTED = "abgelehnt"


# keys are folded (plan.spelling.fold)
FUNDING_WORDS: dict[str, Funding] = {
    "zusaetzlich": Funding.ADDITIONAL,
    "zusaetzliche": Funding.ADDITIONAL,
    "neu": Funding.ADDITIONAL,
    "additional": Funding.ADDITIONAL,
    "extra": Funding.ADDITIONAL,
    "bestehend": Funding.EXISTING,
    "bestehende": Funding.EXISTING,
    "vorhanden": Funding.EXISTING,
    "existing": Funding.EXISTING,
}
DECISION_WORDS: dict[str, Decision] = {
    "offen": Decision.OPEN,
    "open": Decision.OPEN,
    "pending": Decision.OPEN,
    "beschlossen": Decision.ADOPTED,
    "angenommen": Decision.ADOPTED,
    "adopted": Decision.ADOPTED,
    "approved": Decision.ADOPTED,
    "abgelehnt": Decision.REJECTED,
    "rejected": Decision.REJECTED,
}
# "-" takes a value off again: the readers then return "" (or 0 for an amount), which
# is stored as nothing, as `raum=-` is
NONE = "-"

_CURRENCY = re.compile(r"\s*(?:€|eur|euro)\s*$", re.IGNORECASE)
_MILLION = re.compile(r"\s*(?:mio\.?|millionen|million)\s*$", re.IGNORECASE)
_THOUSAND = re.compile(r"\s*(?:tsd\.?|tausend)\s*$", re.IGNORECASE)
# German: groups of three after "." or a space, cents after ","
_GERMAN = re.compile(r"^(\d{1,3}(?:[. \u00a0\u202f]\d{3})+|\d+)(?:,(\d{1,2}))?$")


def funding(value: str) -> str:
    """`zusätzlich` or `bestehend` (also English) as stored; "" for "-"."""
    return _stored(value, FUNDING_WORDS, "error.bad_funding")


def decision(value: str) -> str:
    """`offen`, `beschlossen` or `abgelehnt` (also English) as stored; "" for "-"."""
    return _stored(value, DECISION_WORDS, "error.bad_decision")


def _stored(value: str, words: Mapping[str, StrEnum], error: str) -> str:
    """The stored value of a word of `words`; "" for "-"; `error` for any other word."""
    if value.strip() == NONE:
        return ""
    found = words.get(fold(value.strip()))
    if found is None:
        raise Invalid(error, value=value)
    return found.value


def amount(value: str) -> int:
    """An amount in euros as cents ("25.000 €" → 2_500_000); 0 for "-"."""
    text = value.strip()
    if text == NONE:
        return 0
    text = _CURRENCY.sub("", text.removeprefix("€").strip())
    factor = 1
    for pattern, times in ((_MILLION, 1_000_000), (_THOUSAND, 1_000)):
        if pattern.search(text):
            text, factor = pattern.sub("", text), times
    match = _GERMAN.match(text.strip())
    if match is None:
        raise Invalid("error.bad_amount", value=value)
    whole = int(re.sub(r"\D", "", match.group(1)))
    cents = int((match.group(2) or "0").ljust(2, "0"))
    total = (whole * 100 + cents) * factor
    if total > MAX_CENTS:
        raise Invalid("error.amount_too_large", value=value)
    return total


def council_paper(value: str) -> str:
    """The number of a council paper (Drucksache), e.g. "0815/2026"; "" for "-"."""
    text = clean(value)
    if text == NONE:
        return ""
    if not text or len(text) > MAX_PAPER:
        raise Invalid("error.bad_council_paper", limit=MAX_PAPER)
    return text
