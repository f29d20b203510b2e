"""When a deadline's reminders are due: the stages and the policy that sets them.

Stages per deadline: N days before (`days_before`, sent on the working day before if
that day is a weekend or a public holiday in Lower Saxony), then overdue on the day
after and every `overdue_every_days` (moved to the next working day: an overdue notice
must not come before the deadline has passed). A stage whose moment had passed when the
deadline was set is skipped. After a downtime only the newest due stage goes out
("still true"); the older ones are no longer true.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from plan.working_days import nearest_working_day


@dataclass(frozen=True)
class ReminderPolicy:
    """When reminders go out (the `[reminders]` configuration, with its defaults)."""

    days_before: tuple[int, ...] = (14, 3, 0)
    time: time = time(9, 0)
    overdue_every_days: int = 7
    # ask for a Sachstand after this many days without one (0: never)
    ask_after_days: int = 42


@dataclass(frozen=True)
class Stage:
    """One reminder of a deadline: its name (d14, d0, o1, o8 …) and when it goes out."""

    name: str
    overdue: bool
    send_on: date
    moment: datetime


@dataclass(frozen=True)
class StageName:
    """What a stage name says: overdue or not, and the days before or after the deadline."""

    overdue: bool
    days: int

    @classmethod
    def of(cls, name: str) -> StageName:
        """Read a stage name such as "d14" or "o8"."""
        return cls(name.startswith("o"), int(name[1:]))


def stages(deadline: date, policy: ReminderPolicy, tz: ZoneInfo, until: date) -> list[Stage]:
    """Every stage of a deadline whose day is on or before `until`, in order."""

    def stage(name: str, overdue: bool, day: date) -> Stage:
        moment = datetime.combine(day, policy.time, tzinfo=tz)
        return Stage(name, overdue, day, moment)

    found = [
        stage(f"d{n}", False, nearest_working_day(deadline - timedelta(days=n), -1))
        for n in sorted(policy.days_before, reverse=True)
    ]
    offset = 1
    while deadline + timedelta(days=offset) <= until:
        day = nearest_working_day(deadline + timedelta(days=offset), 1)
        found.append(stage(f"o{offset}", True, day))
        offset += policy.overdue_every_days
    return [s for s in sorted(found, key=lambda s: s.moment) if s.send_on <= until]


def due_stage(
    deadline: date, set_at: datetime, policy: ReminderPolicy, tz: ZoneInfo, now: datetime
) -> Stage | None:
    """The newest stage of `deadline` (set at `set_at`) that is due at `now` and still true."""
    today = now.astimezone(tz).date()
    eligible = [
        s
        for s in stages(deadline, policy, tz, today)
        if set_at <= s.moment <= now and (s.overdue or today <= deadline)
    ]
    return eligible[-1] if eligible else None


def last_deadline_due(policy: ReminderPolicy, today: date) -> date:
    """The latest deadline that can have a stage due on `today`; later ones have none yet.

    A stage N days before a deadline goes out on the working day on or before that day,
    which is on or before `today` exactly when that day comes before the next working day
    after `today`.
    """
    next_working_day = nearest_working_day(today + timedelta(days=1), 1)
    latest = next_working_day + timedelta(days=max(policy.days_before, default=0) - 1)
    return max(latest, today)  # overdue stages: deadlines before today


def planned_stages(
    deadline: date,
    set_at: datetime,
    policy: ReminderPolicy,
    tz: ZoneInfo,
    now: datetime,
    horizon: date | None,
) -> list[Stage]:
    """The stages still to come after `now`, up to `horizon` (None: the day after the deadline)."""
    until = horizon or deadline + timedelta(days=1)
    return [s for s in stages(deadline, policy, tz, until) if s.moment > now and s.moment >= set_at]
