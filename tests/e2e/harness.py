"""End-to-end helpers: staff clients that watch a room, and the bot as a real subprocess."""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from nio import AsyncClient, MegolmEvent, RoomMemberEvent, RoomMessage

from bot.local_synapse import Homeserver
from bot.sandbox import write_config

REPO = Path(__file__).parents[2]
WAIT_S = 30.0
CREATED = re.compile(r"Maßnahme M(\d+) angelegt")


async def until(predicate: Callable[[], bool], wait_s: float = WAIT_S) -> None:
    """Poll `predicate` (for state outside any client, e.g. the bot's database)."""
    for _ in range(int(wait_s / 0.1)):
        if predicate():
            return
        await asyncio.sleep(0.1)
    raise TimeoutError(f"not within {wait_s} s: {predicate}")


class Staff:
    """A plain matrix-nio client of a staff member that records what it receives."""

    def __init__(self, client: AsyncClient) -> None:
        self.client = client
        self.received: list[dict[str, Any]] = []
        self.joins: set[tuple[str, str]] = set()  # (room, user) seen joining
        self.undecryptable = 0
        self._changed = asyncio.Condition()
        self._task: asyncio.Task[None] | None = None

    @property
    def user_id(self) -> str:
        return str(self.client.user_id)

    async def start(self) -> None:
        self.client.add_event_callback(self._record, (RoomMessage, MegolmEvent))
        self.client.add_event_callback(self._record_join, RoomMemberEvent)
        await self.client.sync(timeout=0, full_state=True)
        self._task = asyncio.create_task(self.client.sync_forever(timeout=500))

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        await self.client.close()

    async def _record_join(self, room: Any, event: RoomMemberEvent) -> None:
        if event.membership == "join":
            async with self._changed:
                self.joins.add((room.room_id, event.state_key))
                self._changed.notify_all()

    async def _record(self, room: Any, event: Any) -> None:
        if isinstance(event, MegolmEvent):
            self.undecryptable += 1
            return
        async with self._changed:
            self.received.append({"room_id": room.room_id, **event.source})
            self._changed.notify_all()

    async def send(self, room_id: str, body: str, **content: Any) -> str:
        """Send a text message; return its event id."""
        response = await self.client.room_send(
            room_id,
            "m.room.message",
            {"msgtype": "m.text", "body": body, **content},
            ignore_unverified_devices=True,
        )
        event_id = getattr(response, "event_id", None)
        assert event_id, f"sending failed: {response}"
        return str(event_id)

    def replies_to(self, event_id: str) -> list[dict[str, Any]]:
        """Every event received so far that replies to `event_id`."""

        def replied_to(event: dict[str, Any]) -> Any:
            value: Any = event
            for key in ("content", "m.relates_to", "m.in_reply_to", "event_id"):
                value = value.get(key) if isinstance(value, dict) else None
            return value

        return [e for e in self.received if replied_to(e) == event_id]

    async def reply_to(self, event_id: str, wait_s: float = WAIT_S) -> dict[str, Any]:
        """Wait for the bot's reply to `event_id`; return its content."""
        async with self._changed:
            await asyncio.wait_for(
                self._changed.wait_for(lambda: bool(self.replies_to(event_id))), wait_s
            )
        return dict(self.replies_to(event_id)[0]["content"])

    async def ask(self, room_id: str, body: str, **content: Any) -> dict[str, Any]:
        """Send a command and return the content of the bot's reply."""
        return await self.reply_to(await self.send(room_id, body, **content))

    async def joined(self, room_id: str, user_id: str, wait_s: float = WAIT_S) -> None:
        """Wait until this client has seen `user_id` join `room_id` (an invite is not enough)."""
        async with self._changed:
            await asyncio.wait_for(
                self._changed.wait_for(lambda: (room_id, user_id) in self.joins), wait_s
            )

    async def wait_for(self, predicate: Any, wait_s: float = WAIT_S) -> None:
        """Wait until `predicate(received)` holds."""
        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(lambda: predicate(self.received)), wait_s)


def created_number(body: str) -> int:
    """The number of the measure whose creation the bot's reply `body` confirms.

    Tests share the bot of the session, so none can know the next number in advance.
    """
    created = CREATED.search(body)
    assert created, body
    return int(created[1])


async def new_measure(staff: Staff, room_id: str, words: str) -> int:
    """Create a measure with `!massnahme neu <words>`; return the number the bot gave it."""
    return created_number(str((await staff.ask(room_id, f"!massnahme neu {words}"))["body"]))


async def pages(staff: Staff, room_id: str, command: str) -> list[str]:
    """Every page of a list command's answer (`seite=2`, … while the reply says there are more)."""
    bodies = [str((await staff.ask(room_id, command))["body"])]
    while f"seite={len(bodies) + 1}" in bodies[-1]:
        bodies.append(str((await staff.ask(room_id, f"{command} seite={len(bodies) + 1}"))["body"]))
    return bodies


class BotProcess:
    """The bot run as `python -m bot run -c CONFIG`, logging to a file."""

    def __init__(self, config: Path, log: Path) -> None:
        self.config = config
        self.log = log
        self.process: asyncio.subprocess.Process | None = None

    @classmethod
    async def launch(
        cls,
        homeserver: Homeserver,
        directory: Path,
        password: str,
        rooms: list[str],
        coordinators: list[str],
        name: str = "europa-bot",
        homeserver_url: str | None = None,
        extra: str = "",
        storage_url: str | None = None,
    ) -> BotProcess:
        """Write a config for user `name` in `directory`, start the bot, wait until ready.

        `homeserver_url` points the bot elsewhere than `homeserver.url` (e.g. a proxy).
        """
        config = directory / "config.toml"
        write_config(
            config,
            homeserver,
            name,
            password,
            rooms,
            coordinators,
            directory / "bot-data",
            homeserver_url=homeserver_url,
            extra=extra,
            storage_url=storage_url,
        )
        bot = cls(config, directory / "bot.log")
        await bot.start()
        return bot

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace") if self.log.exists() else ""

    async def start(self, wait_s: float = 60.0) -> None:
        """Start the bot and wait until it has synced once ("ready" in its log)."""
        before = self.log_text().count("ready:")
        with self.log.open("ab") as out:
            self.process = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "bot",
                "run",
                "-c",
                str(self.config),
                stdout=out,
                stderr=out,
                cwd=REPO,
                env={**os.environ, "PYTHONUNBUFFERED": "1"},
            )
        deadline = time.monotonic() + wait_s
        while self.log_text().count("ready:") <= before:
            if self.process.returncode is not None or time.monotonic() > deadline:
                raise RuntimeError(f"bot did not become ready:\n{self.log_text()[-4000:]}")
            await asyncio.sleep(0.1)

    def kill(self) -> None:
        """SIGKILL: no chance to finish anything."""
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)

    async def stop(self) -> int | None:
        """SIGTERM and wait for a clean exit; return the exit code."""
        process, self.process = self.process, None
        if process is None:
            return None
        if process.returncode is None:
            process.terminate()
            try:
                await asyncio.wait_for(process.wait(), 20)
            except TimeoutError:
                process.kill()
        return await process.wait()
