"""The vocabulary of the action plan: fields of action, goals, statuses, priorities.

Also the rules that belong to the words themselves: which statuses are closed, that a
measure that is done stands at 100 %, and that progress on a planned measure starts it.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

DEFAULT_FIELDS: tuple[tuple[str, str], ...] = (
    ("HF1", "Strategische Entwicklung der internationalen Partnerschaften und Kooperationen"),
    ("HF2", "Internationalisierung und Europäisierung der Stadtverwaltung"),
    ("HF3", "Internationale Profilierung und Attraktivität"),
    ("HF4", "Stärkung der Weltoffenheit der Stadt und der Teilhabe der Stadtgesellschaft"),
)

DEFAULT_GOALS: tuple[tuple[int, str], ...] = (
    (1, "Stärkung des Standorts Hannover"),
    (2, "Förderung des interkulturellen Verständnisses"),
    (3, "Engagement Hannovers für die Europäische Union und die Solidarität in der Welt"),
)


class Status(StrEnum):
    """Where a measure stands; the value is what the database stores."""

    PLANNED = "geplant"
    RUNNING = "laufend"
    DELAYED = "verzoegert"
    ON_HOLD = "zurueckgestellt"
    DONE = "abgeschlossen"


# statuses that end reminders and do not count as overdue
CLOSED: tuple[Status, ...] = (Status.DONE, Status.ON_HOLD)
INITIAL_STATUS = Status.PLANNED


class Priority(StrEnum):
    """Vordringlichkeit: short, medium or long term."""

    SHORT = "kurz"
    MEDIUM = "mittel"
    LONG = "lang"


class PartyKind(StrEnum):
    """Who answers for measures: a unit of the city (Fachbereich, Dezernat) or an external
    partner of the plan (such as hannoverimpuls GmbH)."""

    CITY = "fachbereich"
    PARTNER = "partner"


def is_open(status: str) -> bool:
    """Whether a measure of `status` still gets reminders and can be overdue."""
    return status not in CLOSED


def progress_for(status: str | None, progress: int | None) -> int | None:
    """The progress to record with `status`: a measure that is done stands at 100 %."""
    if status == Status.DONE and progress is None:
        return 100
    return progress


def status_for(current: str, status: str | None, progress: int | None) -> str | None:
    """The status an update records on a measure that stands at `current`.

    The status it names; else `laufend` when it reports progress above 0 % on a measure
    that is still `geplant`; else None (the update leaves the status as it is).
    """
    if status is None and current == Status.PLANNED and progress:
        return Status.RUNNING.value
    return status


def is_overdue(status: str, deadline: date | None, today: date) -> bool:
    """Whether a measure of `status` has missed `deadline` as of `today`."""
    return deadline is not None and deadline < today and is_open(status)
