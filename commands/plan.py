"""The vocabulary of the action plan: fields of action, goals, statuses, priorities."""

from __future__ import annotations

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


class Priority(StrEnum):
    """Vordringlichkeit: short, medium or long term."""

    SHORT = "kurz"
    MEDIUM = "mittel"
    LONG = "lang"
