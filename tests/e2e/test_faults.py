"""Real faults between the bot and Synapse, and in its database: nothing lost, nothing doubled.

The bot runs as a subprocess that reaches Synapse only through `FaultProxy` (see
faults.py); the staff client talks to Synapse directly. In every scenario a
coordinator sends a burst of `!massnahme neu HF1 Messung {n}`, and in the end each
command is applied exactly once (measures 1..N with those titles in the bot's SQLite
database), answered exactly once (one reply per command event, confirming it), and
the bot is still running.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import secrets
import sqlite3
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import pytest_asyncio

from bot.local_synapse import SERVER_NAME, Homeserver, create_group_room
from tests.e2e.conftest import E2E, PASSWORD, staff_client
from tests.e2e.faults import Exchange, Fault, FaultProxy, drop, limit_exceeded, server_error
from tests.e2e.harness import BotProcess, Staff, until

pytestmark = E2E

WAIT_S = 120.0  # generous: a bot that backs off may take a while, but must get there
SETTLE_S = 2.0  # after the last reply: room for a duplicate to show up, if there were one
LOCK_S = 30.0  # how long scenario d holds the database, three times the bot's busy timeout


@pytest_asyncio.fixture(loop_scope="session")
async def proxy(homeserver: Homeserver) -> AsyncIterator[FaultProxy]:
    """A fault proxy in front of the session's Synapse, in the tests' event loop."""
    proxy = FaultProxy(homeserver.url)
    await proxy.start()
    yield proxy
    await proxy.stop()


@dataclass
class Scene:
    """A coordinator, a room of its own, and a bot that reaches Synapse through the proxy."""

    homeserver: Homeserver
    proxy: FaultProxy
    coordinator: Staff
    room: str
    bot: BotProcess
    database: Path

    async def command(self, n: int) -> str:
        """Send the n-th command of the burst; return its event id."""
        return await self.coordinator.send(self.room, f"!massnahme neu HF1 Messung {n}")

    def measures(self) -> list[tuple[int, str]]:
        """(id, title) of every measure in the bot's database."""
        with contextlib.closing(sqlite3.connect(self.database, timeout=60)) as db:
            return db.execute("SELECT id, title FROM measures ORDER BY id").fetchall()

    def state(self, sent: list[str]) -> str:
        """What the test sees now, for a failure message: replies, measures, the bot's log."""
        counts = [len(self.coordinator.replies_to(e)) for e in sent]
        try:
            measures: object = self.measures()
        except sqlite3.Error as exc:
            measures = f"unreadable ({exc})"
        tail = "\n".join(self.bot.log_text().splitlines()[-60:])
        return (
            f"replies per command: {counts}\nmeasures: {measures}\n"
            f"proxy: {[(e.method, e.path, e.outcome) for e in self.proxy.exchanges[-30:]]}\n"
            f"--- bot log (tail) ---\n{tail}"
        )

    async def wait_until(
        self, condition: Callable[[], bool], what: str, sent: list[str], wait_s: float = WAIT_S
    ) -> None:
        """Wait for `condition`; fail at once if the bot exits, or after `wait_s`."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + wait_s
        while not condition():
            process = self.bot.process
            if process is None or process.returncode is not None:
                code = None if process is None else process.returncode
                pytest.fail(f"the bot exited ({code}) before {what}\n{self.state(sent)}")
            if loop.time() > deadline:
                pytest.fail(f"no {what} within {wait_s:.0f} s\n{self.state(sent)}")
            await asyncio.sleep(0.2)

    async def assert_each_applied_and_answered_once(
        self, sent: list[str], also: Callable[[], bool] = lambda: True
    ) -> None:
        """Every command of `sent` (command n is `sent[n-1]`) applied and answered once."""
        await self.wait_until(
            lambda: all(self.coordinator.replies_to(e) for e in sent) and also(),
            f"reply to each of the {len(sent)} commands",
            sent,
        )
        await asyncio.sleep(SETTLE_S)
        process = self.bot.process
        assert process is not None and process.returncode is None, self.state(sent)
        counts = [len(self.coordinator.replies_to(e)) for e in sent]
        assert counts == [1] * len(sent), self.state(sent)
        for n, event_id in enumerate(sent, start=1):
            body = self.coordinator.replies_to(event_id)[0]["content"]["body"]
            assert "angelegt" in body and re.search(rf"Messung {n}\b", body), body
        rows = self.measures()
        assert [r[0] for r in rows] == list(range(1, len(sent) + 1)), self.state(sent)
        assert sorted(r[1] for r in rows) == sorted(
            f"Messung {n}" for n in range(1, len(sent) + 1)
        ), self.state(sent)


@contextlib.asynccontextmanager
async def scene(
    homeserver: Homeserver, proxy: FaultProxy, tmp_path: Path, label: str
) -> AsyncIterator[Scene]:
    """Own users (bot and coordinator), an own room, and the bot running behind the proxy."""
    suffix = secrets.token_hex(3)
    bot_name, coordinator_name = f"europa-bot-{label}-{suffix}", f"koordination-{label}-{suffix}"
    for name in (bot_name, coordinator_name):
        await homeserver.register(name, PASSWORD)
    coordinator = await staff_client(homeserver, coordinator_name, tmp_path)
    bot: BotProcess | None = None
    try:
        alias = f"stoerung-{label}-{suffix}"
        room = await create_group_room(
            coordinator.client, [], [homeserver.user_id(bot_name)], alias=alias, name=alias
        )
        bot = await BotProcess.launch(
            homeserver,
            tmp_path,
            PASSWORD,
            [f"#{alias}:{SERVER_NAME}"],
            [coordinator.user_id],
            name=bot_name,
            homeserver_url=proxy.url,
        )
        yield Scene(homeserver, proxy, coordinator, room, bot, tmp_path / "bot-data/europa-bot.db")
    finally:
        if bot is not None:
            await bot.stop()
        await coordinator.stop()


async def test_dropped_connections_in_a_burst(
    homeserver: Homeserver, proxy: FaultProxy, tmp_path: Path
) -> None:
    """a. /sync and /send connections are dropped, before and after reaching Synapse."""
    total = 20

    def after() -> Fault:
        return drop(after_forwarding=True)

    async with scene(homeserver, proxy, tmp_path, "abbruch") as s:
        sent: list[str] = []
        for n in range(1, total + 1):
            sent.append(await s.command(n))
            if n == 5:
                # in the middle of the burst, once the bot has answered the first one
                await s.wait_until(lambda: bool(s.coordinator.replies_to(sent[0])), "M1", sent)
                # more drops in a row than nio retries (3 tries, each of which aiohttp
                # repeats once on a reused connection), so the bot itself sees failures
                syncs = proxy.add("GET", r"/sync$", *[drop()] * 4, after(), *[drop()] * 3)
                sends = proxy.add(
                    "PUT",
                    r"/rooms/[^/]+/send/",
                    # Synapse takes the message, the bot never hears: a resend must not double
                    after(),
                    *[drop()] * 7,
                    after(),
                )
        await s.assert_each_applied_and_answered_once(
            sent, also=lambda: syncs.exhausted and sends.exhausted
        )
    assert proxy.count("GET", r"/sync$", "dropped") == 7
    assert proxy.count("PUT", r"/send/", "dropped") == 7

    def lost_answers() -> list[Exchange]:
        return [e for e in proxy.exchanges if e.outcome == "dropped after forwarding"]

    # a fault counts as applied when it is taken; its exchange is recorded once Synapse
    # has answered the forwarded request
    await until(lambda: len(lost_answers()) == 3, wait_s=10)
    assert all(e.upstream_status == 200 for e in lost_answers())


async def test_gap_fetch_through_502s(
    homeserver: Homeserver, proxy: FaultProxy, tmp_path: Path
) -> None:
    """b. After a downtime the limited sync's gap is fetched although /messages fails first."""
    total = 12
    async with scene(homeserver, proxy, tmp_path, "luecke") as s:
        sent = [await s.command(n) for n in (1, 2, 3)]
        await s.wait_until(lambda: all(s.coordinator.replies_to(e) for e in sent), "M1-3", sent)
        assert await s.bot.stop() == 0  # SIGTERM
        sent += [await s.command(n) for n in range(4, total + 1)]
        for k in range(60):  # more than the 50 events one sync shows: the next one is limited
            await s.coordinator.send(s.room, f"Zwischenbemerkung {k}")
        messages = proxy.add("GET", r"/messages$", server_error(502), times=3)
        try:
            await s.bot.start(wait_s=WAIT_S)
        except RuntimeError as exc:
            pytest.fail(f"the bot did not come back: {exc}\n{s.state(sent)}")
        await s.assert_each_applied_and_answered_once(sent, also=lambda: messages.exhausted)
        assert proxy.count("GET", r"/messages$", "502") == 3
        assert proxy.count("GET", r"/messages$", "forwarded") >= 1
        assert "events missed in" in s.bot.log_text()


async def test_send_answers_429_then_500_then_ok(
    homeserver: Homeserver, proxy: FaultProxy, tmp_path: Path
) -> None:
    """c. Each of the first sends is rate limited, then fails with a 500, then goes through."""
    total, troubled = 10, 5
    async with scene(homeserver, proxy, tmp_path, "drossel") as s:
        sends = proxy.add(
            "PUT",
            r"/rooms/[^/]+/send/",
            limit_exceeded(retry_after_ms=200),
            server_error(500),
            each_path=True,
            times=troubled,
        )
        sent = [await s.command(n) for n in range(1, total + 1)]
        await s.assert_each_applied_and_answered_once(sent, also=lambda: sends.exhausted)
    assert proxy.count("PUT", r"/send/", "429") == troubled
    assert proxy.count("PUT", r"/send/", "500") == troubled


async def test_database_locked_for_30_s_during_a_burst(
    homeserver: Homeserver, proxy: FaultProxy, tmp_path: Path
) -> None:
    """d. Another connection holds the write lock for 30 s while commands arrive."""
    before, during, after = 3, 10, 3
    async with scene(homeserver, proxy, tmp_path, "sperre") as s:
        sent = [await s.command(n) for n in range(1, before + 1)]
        await s.wait_until(lambda: all(s.coordinator.replies_to(e) for e in sent), "M1-3", sent)
        loop = asyncio.get_running_loop()
        lock = sqlite3.connect(s.database, timeout=30, isolation_level=None)
        try:
            lock.execute("BEGIN EXCLUSIVE")
            locked_at = loop.time()
            probe = sqlite3.connect(s.database, timeout=0)
            with contextlib.closing(probe), pytest.raises(sqlite3.OperationalError, match="locked"):
                probe.execute("BEGIN IMMEDIATE")  # the lock is real
            for n in range(before + 1, before + during + 1):
                sent.append(await s.command(n))
                await asyncio.sleep(2.0)  # commands keep arriving while the lock is held
            await asyncio.sleep(max(0.0, LOCK_S - (loop.time() - locked_at)))
            held = lock.execute("SELECT count(*) FROM measures").fetchone()[0]
            assert held == before  # nothing could be written meanwhile
        finally:
            if lock.in_transaction:
                lock.execute("ROLLBACK")
            lock.close()
        sent += [await s.command(n) for n in range(len(sent) + 1, before + during + after + 1)]
        await s.assert_each_applied_and_answered_once(sent)
