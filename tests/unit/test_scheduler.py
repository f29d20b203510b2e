"""The schedule: daily at the configured local time across DST; failing runs are contained."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from bot.config import load_config
from bot.scheduler import Scheduler
from services.reminders import ReminderService
from services.weekly_digest import DigestService
from tests.unit.conftest import make_settings
from tests.unit.test_config import MINIMAL

CONFIG = MINIMAL + '[reminders]\ntime = "09:00"\n'


class BrokenReminders(ReminderService):
    def __init__(self) -> None:
        pass

    async def run(self, now: datetime) -> int:
        raise RuntimeError("database gone")


class BrokenDigest(DigestService):
    def __init__(self) -> None:
        super().__init__(None, make_settings())  # type: ignore[arg-type]

    async def post_if_due(self, now: datetime, scheduled: datetime | None) -> bool:
        raise RuntimeError("database gone")


def scheduler(tmp_path: Path) -> Scheduler:
    path = tmp_path / "config.toml"
    path.write_text(CONFIG)

    def wake() -> None:
        raise AssertionError("nothing to send")

    config = load_config(path, environ={})
    return Scheduler(config, BrokenReminders(), BrokenDigest(), wake, lambda: datetime.now(UTC))


def test_daily_trigger_keeps_nine_oclock_across_dst(tmp_path: Path) -> None:
    trigger = scheduler(tmp_path).reminder_trigger
    autumn = trigger.get_next_fire_time(None, datetime(2027, 10, 30, 10, 0, tzinfo=UTC))
    assert autumn is not None and autumn.astimezone(UTC) == datetime(2027, 10, 31, 8, tzinfo=UTC)
    spring = trigger.get_next_fire_time(None, datetime(2027, 3, 27, 10, 0, tzinfo=UTC))
    assert spring is not None and spring.astimezone(UTC) == datetime(2027, 3, 28, 7, tzinfo=UTC)


async def test_failing_runs_are_logged_not_raised(tmp_path: Path) -> None:
    assert await scheduler(tmp_path).run_reminders() == 0
    assert await scheduler(tmp_path).run_digest() is False
