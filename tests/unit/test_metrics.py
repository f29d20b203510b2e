"""Metrics and health: what is counted, the `[metrics]` configuration, `/metrics` and `/health`."""

from __future__ import annotations

import json
import math
import socket
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import aiohttp
import pytest

from bot.config import ConfigError, MetricsConfig, load_config
from bot.events import IncomingMessage
from bot.failures import FatalError
from bot.local_synapse import free_port
from bot.metrics import (
    DATABASE_TIMEOUT_S,
    Metrics,
    MetricsServer,
    Outcome,
    outcome_of,
    stale_after,
)
from commands.errors import CommandError, Forbidden, NotFound, Silent, UsageError
from plan.vocabulary import DEFAULT_FIELDS, DEFAULT_GOALS
from services.outbox_queue import (
    Kind,
    digest_txn_id,
    kind_of,
    refused_txn_id,
    reminders_txn_id,
    reply_txn_id,
    room_problem_txn_id,
    undecryptable_txn_id,
)
from storage.db import Database
from tests.unit.conftest import COORDINATOR, ROOM, STAFF, Harness
from tests.unit.test_config import EXAMPLE, MINIMAL, write

STALE_S = stale_after(30)


@dataclass
class Ticks:
    """A monotonic clock the tests move."""

    now: float = 1000.0

    def __call__(self) -> float:
        return self.now


def sample(metrics: Metrics, name: str, **labels: str) -> float:
    value = metrics.registry.get_sample_value(name, labels)
    assert value is not None, name
    return value


@pytest.mark.parametrize(
    ("error", "outcome"),
    [
        (None, "ok"),
        (Silent(), "silent"),
        (UsageError("error.too_long"), "usage"),
        (NotFound("error.no_measure"), "not_found"),
        (Forbidden("error.forbidden"), "forbidden"),
        (CommandError("error.other"), "refused"),
        (RuntimeError("bug"), "error"),
    ],
)
def test_outcome_of_a_command(error: Exception | None, outcome: Outcome) -> None:
    assert outcome_of(error) == outcome


@pytest.mark.parametrize(
    ("txn_id", "kind"),
    [
        (reply_txn_id("$abc"), "reply"),
        (reply_txn_id("$abc") + "-1", None),  # the file of a reply (`!export`)
        (reminders_txn_id("!fb18:example.org", date(2027, 3, 31), ["M7:d14"]), "reminder"),
        (
            reminders_txn_id("!gruppe:example.org", date(2027, 4, 8), ["M7:o8", "M9:ask"]),
            "reminder",
        ),
        (digest_txn_id("2026-W48"), "digest"),
        (digest_txn_id("2026-W48") + "-1", None),  # its chart
        (refused_txn_id(reply_txn_id("$abc")), None),
        (room_problem_txn_id("!room:example.org"), None),
        (undecryptable_txn_id("$abc"), None),
    ],
)
def test_kind_of_a_sent_message(txn_id: str, kind: Kind | None) -> None:
    assert kind_of(txn_id) == kind


def test_sent_messages_are_counted_by_kind() -> None:
    metrics = Metrics()
    for txn_id in (
        reply_txn_id("$a"),
        reply_txn_id("$b"),
        reply_txn_id("$b") + "-1",
        reminders_txn_id("!fb18:example.org", date(2027, 1, 29), ["M1:d0"]),
        digest_txn_id("2026-W48"),
        digest_txn_id("2026-W48") + "-1",
        undecryptable_txn_id("$c"),
    ):
        metrics.sent(txn_id)
    assert sample(metrics, "europa_bot_replies_sent_total") == 2
    assert sample(metrics, "europa_bot_reminders_sent_total") == 1
    assert sample(metrics, "europa_bot_digests_posted_total") == 1


async def test_the_dispatcher_counts_each_command_once_by_outcome(bot: Harness) -> None:
    metrics = bot.dispatcher.metrics
    await bot.say("!hilfe", event_id="$help")
    await bot.say("!hilfe", event_id="$help2")
    await bot.say("!massnahme M99")
    await bot.say("!massnahme neu")
    await bot.say("!massnahme neu HF1 Verboten", sender=STAFF)
    await bot.dispatcher.handle(IncomingMessage(ROOM, "$help", COORDINATOR, "!hilfe"))  # again
    await bot.dispatcher.handle(IncomingMessage(ROOM, "$chat", COORDINATOR, "nur Gerede"))
    counts = {o: sample(metrics, "europa_bot_commands_total", outcome=o) for o in ("ok", "error")}
    assert counts == {"ok": 2, "error": 0}
    assert sample(metrics, "europa_bot_commands_total", outcome="not_found") == 1
    assert sample(metrics, "europa_bot_commands_total", outcome="usage") == 1
    assert sample(metrics, "europa_bot_commands_total", outcome="forbidden") == 1


def test_sync_age_is_unknown_until_the_first_sync() -> None:
    ticks = Ticks()
    metrics = Metrics(ticks)
    assert metrics.sync_age() is None
    assert math.isnan(sample(metrics, "europa_bot_last_sync_age_seconds"))
    metrics.synced()
    ticks.now += 12.5
    assert metrics.sync_age() == 12.5
    assert sample(metrics, "europa_bot_last_sync_age_seconds") == 12.5


# --- configuration --------------------------------------------------------------------------


def test_metrics_are_off_without_the_section(tmp_path: Path) -> None:
    assert load_config(write(tmp_path, MINIMAL), environ={}).metrics is None
    assert load_config(EXAMPLE, environ={}).metrics is None


def test_the_example_documents_the_metrics_section() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    assert '# [metrics]\n# listen = "127.0.0.1:9464"' in text


@pytest.mark.parametrize(
    ("listen", "expected"),
    [
        ("127.0.0.1:9464", MetricsConfig("127.0.0.1", 9464)),
        ("localhost:9100", MetricsConfig("localhost", 9100)),
        ("[::1]:9464", MetricsConfig("::1", 9464)),
    ],
)
def test_listen_address(tmp_path: Path, listen: str, expected: MetricsConfig) -> None:
    path = write(tmp_path, MINIMAL + f'[metrics]\nlisten = "{listen}"\n')
    assert load_config(path, environ={}).metrics == expected


@pytest.mark.parametrize(
    ("section", "problem"),
    [
        ('listen = "9464"', "[metrics] listen: '9464' is not of the form '127.0.0.1:9464'"),
        ('listen = "127.0.0.1"', "[metrics] listen: '127.0.0.1' is not of the form"),
        ('listen = "127.0.0.1:0"', "[metrics] listen: '127.0.0.1:0' is not of the form"),
        ('listen = "127.0.0.1:70000"', "[metrics] listen: '127.0.0.1:70000' is not of the form"),
        ('listen = ":9464"', "[metrics] listen: ':9464' is not of the form"),
        ("listen = 9464", "[metrics] listen: must be of type str, not int"),
        ("", "[metrics] listen: is missing"),
        ('listen = "127.0.0.1:9464"\nport = 1', "[metrics] port: unknown key"),
    ],
)
def test_a_bad_metrics_section_is_reported_with_file_and_key(
    tmp_path: Path, section: str, problem: str
) -> None:
    path = write(tmp_path, MINIMAL + f"[metrics]\n{section}\n")
    with pytest.raises(ConfigError) as raised:
        load_config(path, environ={})
    assert [p for p in raised.value.problems if problem in p and p.startswith(f"{path}: ")]


# --- /metrics and /health over HTTP ---------------------------------------------------------


@dataclass
class Served:
    metrics: Metrics
    ticks: Ticks
    url: str


@asynccontextmanager
async def serve(database: Database) -> AsyncIterator[Served]:
    ticks = Ticks()
    metrics = Metrics(ticks)
    port = free_port()
    server = MetricsServer(metrics, database, MetricsConfig("127.0.0.1", port), STALE_S)
    await server.start()
    try:
        yield Served(metrics, ticks, f"http://127.0.0.1:{port}")
    finally:
        await server.stop()


@pytest.fixture
async def sqlite(tmp_path: Path) -> AsyncIterator[Database]:
    database = Database(f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}")
    await database.start(DEFAULT_FIELDS, DEFAULT_GOALS)
    yield database
    await database.close()


@pytest.fixture
async def served(sqlite: Database) -> AsyncIterator[Served]:
    async with serve(sqlite) as value:
        yield value


async def get(url: str) -> tuple[int, str, str]:
    async with aiohttp.ClientSession() as http, http.get(url) as response:
        return response.status, response.headers["Content-Type"], await response.text()


async def test_metrics_are_served_in_the_prometheus_text_format(
    served: Served, sqlite: Database
) -> None:
    async with sqlite.transaction() as store:
        for n in range(3):
            await store.outbox.enqueue(ROOM, f"t{n}", "m.room.message", {}, datetime.now(UTC))
    served.metrics.command(None)
    served.metrics.sent(reply_txn_id("$x"))
    status, content_type, text = await get(served.url + "/metrics")
    assert status == 200
    assert content_type.startswith("text/plain; version=")
    lines = text.splitlines()
    for line in (
        'europa_bot_commands_total{outcome="ok"} 1.0',
        'europa_bot_commands_total{outcome="forbidden"} 0.0',
        "europa_bot_replies_sent_total 1.0",
        "europa_bot_reminders_sent_total 0.0",
        "europa_bot_digests_posted_total 0.0",
        "europa_bot_undecryptable_events_total 0.0",
        "europa_bot_outbox_length 3.0",
        "europa_bot_last_sync_age_seconds NaN",
    ):
        assert line in lines, line
    assert "# TYPE europa_bot_commands_total counter" in lines


async def test_health_needs_a_recent_sync(served: Served) -> None:
    status, _, text = await get(served.url + "/health")
    assert (status, json.loads(text)) == (
        503,
        {"status": "failing", "last_sync_seconds": None, "sync": "none yet", "database": "ok"},
    )
    served.metrics.synced()
    served.ticks.now += 3.2
    status, content_type, text = await get(served.url + "/health")
    assert status == 200 and content_type.startswith("application/json")
    assert json.loads(text) == {
        "status": "ok",
        "last_sync_seconds": 3.2,
        "sync": "ok",
        "database": "ok",
    }
    served.ticks.now += STALE_S
    status, _, text = await get(served.url + "/health")
    assert status == 503
    assert json.loads(text)["sync"] == f"older than {STALE_S:g} s"


async def test_health_fails_when_the_database_cannot_be_opened(tmp_path: Path) -> None:
    database = Database(f"sqlite+aiosqlite:///{tmp_path / 'gone' / 'bot.db'}")
    try:
        async with serve(database) as served:
            served.metrics.synced()
            status, _, text = await get(served.url + "/health")
            assert status == 503
            body = json.loads(text)
            assert body["status"] == "failing" and body["sync"] == "ok"
            assert "unable to open database file" in body["database"]
            _, _, metrics = await get(served.url + "/metrics")
            assert "europa_bot_outbox_length NaN" in metrics.splitlines()
    finally:
        await database.close()


async def test_an_address_in_use_is_fatal(sqlite: Database) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        server = MetricsServer(Metrics(), sqlite, MetricsConfig("127.0.0.1", port), STALE_S)
        with pytest.raises(FatalError, match=f"cannot serve metrics on 127.0.0.1:{port}"):
            await server.start()


async def test_health_fails_while_the_database_is_locked_and_recovers(
    served: Served, sqlite: Database
) -> None:
    served.metrics.synced()
    assert sqlite.path is not None
    lock = sqlite3.connect(sqlite.path, isolation_level=None)
    try:
        lock.execute("BEGIN IMMEDIATE")  # as `europa-bot import` holds it
        status, _, text = await get(served.url + "/health")
        assert status == 503
        assert json.loads(text)["database"] == f"no answer within {DATABASE_TIMEOUT_S:g} s"
        lock.execute("ROLLBACK")
        status, _, text = await get(served.url + "/health")  # the probe under way answers
        assert (status, json.loads(text)["database"]) == (200, "ok")
    finally:
        lock.close()
