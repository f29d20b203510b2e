"""The bot's configuration: frozen dataclasses loaded from one TOML file.

`load_config` collects every problem it finds and raises one `ConfigError` that names
file and key for each, so an operator can fix a broken file in one pass.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from messages.texts import LANGUAGES
from plan.reminder_stages import ReminderPolicy
from plan.vocabulary import DEFAULT_FIELDS, DEFAULT_GOALS

PASSWORD_ENV = "EUROPA_BOT_PASSWORD"
USER_ID_RE = re.compile(r"^@[^:\s]+:\S+$")
# room ids of version 12 have no server part ("!abc…"); aliases always have one
ROOM_RE = re.compile(r"^(?:#[^:\s]+:\S+|![^:\s]+(?::\S+)?)$")
FIELD_CODE_RE = re.compile(r"^HF\d{1,2}$")


class ConfigError(Exception):
    """The configuration cannot be used; `problems` lists each one with file and key."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class MatrixConfig:
    """How the bot logs in to its homeserver."""

    homeserver: str
    user_id: str
    password: str | None = None
    access_token: str | None = None
    device_name: str = "europa-bot"


@dataclass(frozen=True)
class BotConfig:
    """Rooms, people and locale of the bot."""

    rooms: tuple[str, ...]
    coordinators: tuple[str, ...] = ()
    language: str = "de"
    timezone: str = "Europe/Berlin"
    data_dir: Path = Path("data")

    @property
    def group_room(self) -> str:
        """The room of the networking group: the first configured room."""
        return self.rooms[0]

    @property
    def tz(self) -> ZoneInfo:
        """The configured time zone as a `ZoneInfo`."""
        return ZoneInfo(self.timezone)


@dataclass(frozen=True)
class StorageConfig:
    """Where the database lives (an SQLAlchemy async URL)."""

    url: str


@dataclass(frozen=True)
class DigestConfig:
    """When the weekly digest is posted."""

    cron: str = "0 9 * * mon"
    stale_after_days: int = 28


@dataclass(frozen=True)
class MetricsConfig:
    """Where `/metrics` and `/health` are served (off unless `[metrics] listen` is set)."""

    host: str
    port: int


@dataclass(frozen=True)
class Config:
    """The whole configuration of one bot instance."""

    matrix: MatrixConfig
    bot: BotConfig
    storage: StorageConfig
    reminders: ReminderPolicy = field(default_factory=ReminderPolicy)
    digest: DigestConfig = field(default_factory=DigestConfig)
    fields: tuple[tuple[str, str], ...] = DEFAULT_FIELDS
    goals: tuple[tuple[int, str], ...] = DEFAULT_GOALS
    metrics: MetricsConfig | None = None


class _Section:
    """Reads typed values out of one TOML table and collects problems instead of raising."""

    def __init__(
        self, path: Path, name: str, data: Any, problems: list[str], known: set[str]
    ) -> None:
        self.path, self.name, self.problems = path, name, problems
        self.data: Mapping[str, Any] = data if isinstance(data, dict) else {}
        if not isinstance(data, dict):
            self.problem("", "must be a table")
        for key in sorted(self.data.keys() - known):
            self.problem(key, "unknown key")

    def problem(self, key: str, message: str) -> None:
        where = f"{self.name} {key}".strip()
        self.problems.append(f"{self.path}: {where}: {message}")

    def get(
        self,
        key: str,
        kind: type,
        default: Any = None,
        *,
        required: bool = False,
        check: Callable[[Any], str | None] | None = None,
    ) -> Any:
        if key not in self.data:
            if required:
                self.problem(key, "is missing")
            return default
        value = self.data[key]
        if (isinstance(value, bool) and kind is not bool) or not isinstance(value, kind):
            self.problem(key, f"must be of type {kind.__name__}, not {type(value).__name__}")
            return default
        if check is not None and (message := check(value)) is not None:
            self.problem(key, message)
            return default
        return value


def _matches(pattern: re.Pattern[str], example: str) -> Callable[[Any], str | None]:
    return lambda v: None if pattern.match(v) else f"{v!r} is not of the form {example}"


def _all_match(pattern: re.Pattern[str], example: str) -> Callable[[Any], str | None]:
    def check(values: list[Any]) -> str | None:
        bad = [v for v in values if not isinstance(v, str) or not pattern.match(v)]
        return f"{bad!r}: each entry must look like {example}" if bad else None

    return check


def _timezone(value: str) -> str | None:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        return f"unknown time zone {value!r} (use e.g. 'Europe/Berlin')"
    return None


def _clock_time(value: str) -> str | None:
    return None if re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", value) else "must be 'HH:MM'"


def _crontab(value: str) -> str | None:
    from apscheduler.triggers.cron import CronTrigger

    try:
        CronTrigger.from_crontab(value)
    except ValueError as exc:
        return f"invalid crontab expression {value!r}: {exc}"
    return None


def _positive(value: int) -> str | None:
    return None if value >= 1 else "must be at least 1"


def _not_negative(value: int) -> str | None:
    return None if value >= 0 else "must be 0 or more"


def _days(values: list[Any]) -> str | None:
    if not values or not all(isinstance(v, int) and 0 <= v <= 365 for v in values):
        return "must be a non-empty list of whole days between 0 and 365"
    return None


def _host_port(value: str) -> tuple[str, int] | None:
    """Host and port of "127.0.0.1:9464" or "[::1]:9464"; None if it is not of that form."""
    host, _, port = value.rpartition(":")
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    if not host or any(c.isspace() or c in "[]" for c in host) or not port.isdigit():
        return None
    return (host, int(port)) if 1 <= int(port) <= 65535 else None


def _listen(value: str) -> str | None:
    if _host_port(value) is None:
        return f"{value!r} is not of the form '127.0.0.1:9464' (host:port, port 1–65535)"
    return None


def load_config(path: Path, environ: Mapping[str, str] = os.environ) -> Config:
    """Read and validate the TOML file at `path`.

    The password may come from the environment variable `EUROPA_BOT_PASSWORD` instead
    of the file. Relative paths are taken relative to the working directory.

    Raises:
        ConfigError: with every problem found, each naming file and key.
    """
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError([f"{path}: file not found"]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError([f"{path}: cannot read: {exc}"]) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError([f"{path}: not valid TOML: {exc}"]) from None

    problems: list[str] = []
    sections = {"matrix", "bot", "storage", "reminders", "digest", "fields", "goals", "metrics"}
    for key in sorted(data.keys() - sections):
        problems.append(f"{path}: [{key}]: unknown section")

    def section(name: str, known: set[str]) -> _Section:
        return _Section(path, f"[{name}]", data.get(name, {}), problems, known)

    m = section("matrix", {"homeserver", "user_id", "password", "access_token", "device_name"})
    homeserver = m.get(
        "homeserver",
        str,
        "",
        required=True,
        check=_matches(re.compile(r"^https?://\S+$"), "https://matrix.example.org"),
    )
    password = environ.get(PASSWORD_ENV) or m.get("password", str)
    access_token = m.get("access_token", str)
    if not password and not access_token:
        m.problem("password", f"set password or access_token (or the variable {PASSWORD_ENV})")
    matrix = MatrixConfig(
        homeserver=homeserver.rstrip("/"),
        user_id=m.get(
            "user_id", str, "", required=True, check=_matches(USER_ID_RE, "@europa-bot:example.org")
        ),
        password=password or None,
        access_token=access_token,
        device_name=m.get("device_name", str, "europa-bot"),
    )

    b = section("bot", {"rooms", "coordinators", "language", "timezone", "data_dir"})
    rooms = b.get(
        "rooms",
        list,
        [],
        required=True,
        check=_all_match(ROOM_RE, "'#room:example.org', '!id:example.org' or '!id'"),
    )
    if "rooms" in b.data and not b.data["rooms"]:
        b.problem("rooms", "needs at least one room (the first is the group room)")
    bot = BotConfig(
        rooms=tuple(rooms),
        coordinators=tuple(
            b.get("coordinators", list, [], check=_all_match(USER_ID_RE, "'@name:example.org'"))
        ),
        language=b.get(
            "language",
            str,
            "de",
            check=lambda v: None if v in LANGUAGES else "must be 'de' or 'en'",
        ),
        timezone=b.get("timezone", str, "Europe/Berlin", check=_timezone),
        data_dir=Path(b.get("data_dir", str, "data")),
    )

    st = section("storage", {"url"})
    storage = StorageConfig(
        st.get(
            "url",
            str,
            f"sqlite+aiosqlite:///{bot.data_dir / 'europa-bot.db'}",
            check=lambda v: (
                None
                if v.split(":", 1)[0] in {"sqlite+aiosqlite", "postgresql+asyncpg"}
                else "must start with 'sqlite+aiosqlite:///' (a file) or "
                "'postgresql+asyncpg://' (a PostgreSQL database)"
            ),
        )
    )

    rem = section("reminders", {"days_before", "time", "overdue_every_days", "ask_after_days"})
    usual = ReminderPolicy()
    hh, mm = rem.get("time", str, f"{usual.time:%H:%M}", check=_clock_time).split(":")
    days_before = rem.get("days_before", list, list(usual.days_before), check=_days)
    reminders = ReminderPolicy(
        days_before=tuple(sorted(set(days_before), reverse=True)),
        time=time(int(hh), int(mm)),
        overdue_every_days=rem.get(
            "overdue_every_days", int, usual.overdue_every_days, check=_positive
        ),
        ask_after_days=rem.get("ask_after_days", int, usual.ask_after_days, check=_not_negative),
    )

    d = section("digest", {"cron", "stale_after_days"})
    weekly = DigestConfig()
    digest = DigestConfig(
        cron=d.get("cron", str, weekly.cron, check=_crontab),
        stale_after_days=d.get("stale_after_days", int, weekly.stale_after_days, check=_positive),
    )

    metrics = None
    if "metrics" in data:
        listen = section("metrics", {"listen"}).get("listen", str, required=True, check=_listen)
        address = _host_port(listen) if listen is not None else None
        metrics = MetricsConfig(*address) if address is not None else None

    fields = _read_list(
        path,
        data,
        "fields",
        "code",
        str,
        DEFAULT_FIELDS,
        problems,
        lambda v: None if FIELD_CODE_RE.match(v) else "must look like 'HF1'",
    )
    goals = _read_list(
        path,
        data,
        "goals",
        "number",
        int,
        DEFAULT_GOALS,
        problems,
        lambda v: None if 1 <= v <= 99 else "must be between 1 and 99",
    )

    if problems:
        raise ConfigError(problems)
    return Config(matrix, bot, storage, reminders, digest, fields, goals, metrics)


def _read_list(
    path: Path,
    data: Mapping[str, Any],
    name: str,
    key: str,
    kind: type,
    default: tuple[tuple[Any, str], ...],
    problems: list[str],
    check: Callable[[Any], str | None],
) -> tuple[tuple[Any, str], ...]:
    """Read an array of tables such as `[[fields]]` with a key and a name each."""
    entries = data.get(name)
    if entries is None:
        return default
    if not isinstance(entries, list) or not entries:
        problems.append(f"{path}: [[{name}]]: must be a non-empty array of tables")
        return default
    result: list[tuple[Any, str]] = []
    for index, entry in enumerate(entries, start=1):
        sec = _Section(path, f"[[{name}]] #{index}", entry, problems, {key, "name"})
        ident = sec.get(key, kind, required=True, check=check)
        label = sec.get(
            "name", str, required=True, check=lambda v: None if v.strip() else "must not be empty"
        )
        if ident is not None and label is not None:
            result.append((ident, label.strip()))
    if len({ident for ident, _ in result}) != len(result):
        problems.append(f"{path}: [[{name}]] {key}: each entry needs its own value")
    return tuple(result)
