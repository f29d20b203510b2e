"""When the bot asks a department for a Sachstand: a running measure without an update for
`ask_after_days` is asked about once, and again after the same time if nothing comes.

"Running" is `laufend` or `verzögert`: started and not closed. The clock starts at the
newest of the last update, the last question and the measure's creation; questions go
out on working days only, like reminders.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from plan.vocabulary import Status
from plan.working_days import is_working_day

RUNNING = frozenset({Status.RUNNING.value, Status.DELAYED.value})


def ask_due(
    status: str,
    since: datetime,
    asked: datetime | None,
    ask_after_days: int,
    today: date,
    tz: ZoneInfo,
) -> bool:
    """Whether to ask about a measure of `status` on `today`: no update since `since` (the
    last update, else the creation) and no question since `asked` for `ask_after_days`.

    `ask_after_days` 0 never asks.
    """
    if ask_after_days <= 0 or status not in RUNNING or not is_working_day(today):
        return False
    start = max(since, asked) if asked is not None else since
    return today >= start.astimezone(tz).date() + timedelta(days=ask_after_days)
