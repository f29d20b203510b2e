"""The texts in every language, looked up by key and filled with escaped values.

Keys are written out where they are used (a test checks that each exists in every
language); words that depend on a value, such as a status, are looked up through the
mappings here rather than through keys built at run time.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from messages import dates
from messages.de import DE
from messages.en import EN
from messages.text import Text
from plan.funding import Decision, Funding
from plan.vocabulary import PartyKind, Priority, Status

TEXTS: dict[str, dict[str, str]] = {"de": DE, "en": EN}
LANGUAGES = tuple(TEXTS)

STATUS_KEYS: dict[Status, str] = {
    Status.PLANNED: "status.geplant",
    Status.RUNNING: "status.laufend",
    Status.DELAYED: "status.verzoegert",
    Status.ON_HOLD: "status.zurueckgestellt",
    Status.DONE: "status.abgeschlossen",
}
PRIORITY_KEYS: dict[Priority, str] = {
    Priority.SHORT: "priority.kurz",
    Priority.MEDIUM: "priority.mittel",
    Priority.LONG: "priority.lang",
}
FUNDING_KEYS: dict[Funding, str] = {
    Funding.ADDITIONAL: "funding.zusaetzlich",
    Funding.EXISTING: "funding.bestehend",
}
DECISION_KEYS: dict[Decision, str] = {
    Decision.OPEN: "decision.offen",
    Decision.ADOPTED: "decision.beschlossen",
    Decision.REJECTED: "decision.abgelehnt",
}
PARTY_KEYS: dict[PartyKind, str] = {
    PartyKind.CITY: "party.fachbereich",
    PartyKind.PARTNER: "party.partner",
}


def render(language: str, key: str, /, **values: Any) -> Text:
    """The text `key` in `language`, filled with escaped `values`."""
    return Text.template(TEXTS[language][key], values)


def render_count(language: str, key: str, n: int, /, **values: Any) -> Text:
    """The text `key.one` (for n == 1) or `key.other` in `language`, filled with `n` and `values`.

    Every key used this way has both forms in every language (a test checks this).
    """
    return render(language, f"{key}.one" if n == 1 else f"{key}.other", n=n, **values)


def word(language: str, key: str) -> str:
    """A single word or label, unformatted (for use as a value in other texts)."""
    return TEXTS[language][key]


def listing(language: str, items: Iterable[object]) -> str:
    """Items as a sentence names them, e.g. "14, 3 und 0"."""
    words = [str(item) for item in items]
    if len(words) < 2:
        return "".join(words)
    return f"{', '.join(words[:-1])} {word(language, 'and')} {words[-1]}"


def number(language: str, n: int) -> str:
    """A whole number with the language's thousands separator, e.g. "20.000"."""
    return f"{n:,}".replace(",", word(language, "number.thousands"))


def status_word(language: str, status: str | None) -> str:
    """A status as users read it ("laufend"); a dash for none."""
    return word(language, STATUS_KEYS[Status(status)] if status else "none")


def priority_word(language: str, priority: str | None) -> str:
    """A priority as users read it ("kurzfristig"); a dash for none."""
    return word(language, PRIORITY_KEYS[Priority(priority)] if priority else "none")


def funding_word(language: str, funding: str | None) -> str:
    """A funding need as users read it ("zusätzlich"); a dash for none."""
    return word(language, FUNDING_KEYS[Funding(funding)] if funding else "none")


def decision_word(language: str, decision: str | None) -> str:
    """A council decision as users read it ("beschlossen"); a dash for none."""
    return word(language, DECISION_KEYS[Decision(decision)] if decision else "none")


def party_word(language: str, party_kind: str) -> str:
    """What kind of party answers for measures: "Fachbereich" or "Partner"."""
    return word(language, PARTY_KEYS[PartyKind(party_kind)])


def euro(language: str, cents: int | None) -> str:
    """An amount as staff read it: "25.000 €", "25.000,50 €" ("€25,000.50"); a dash for none."""
    if cents is None:
        return word(language, "none")
    whole, rest = divmod(cents, 100)
    shown = number(language, whole)
    if rest:
        shown += f"{word(language, 'number.decimal')}{rest:02d}"
    return word(language, "money.euro").format(amount=shown)


def format_date(language: str, day: date) -> str:
    """A date as staff read it: weekday and TT.MM.JJJJ, e.g. "Fr, 31.03.2028"."""
    return dates.with_weekday(word(language, "weekday"), day)


def days_until(language: str, day: date, today: date) -> str:
    """How far a deadline is from today, in words ("morgen", "seit 3 Tagen überfällig")."""
    n = (day - today).days
    if n == 0:
        return word(language, "days.today")
    return render_count(language, "days.future" if n > 0 else "days.overdue", abs(n)).plain
