"""Cost per message: the bot next to a bare matrix-nio echo client, on one local Synapse.

    python -m bench.latency [--rounds 100] [--bursts 3] [--profile FILE]

Starts its own Synapse on 127.0.0.1 and, as subprocesses, the bot and the echo client
(`bench.echo_client`). Each serves two rooms of its own; staff client anna is in the
first, bernd in the second (koordination, who creates the rooms, in all four).

1. Sequential rounds: anna sends `!massnahme M1`, then `!update M1 …`, to the bot and the
   same texts to the echo client, one at a time, each timed from sending to its reply.
2. Bursts: anna and bernd each send 100 commands (`!update M1 …` and `!massnahme M1`
   alternating) as fast as one client can, one after another, both at once, each into
   their own room: the rooms are independent, but within a room the replies must come
   in the order of the commands. Replies are matched to commands by their reply
   relation (`m.in_reply_to`); lost (none within QUIET_S of the last reply) and
   doubled replies are counted. Throughput is commands per second from the first send
   to the last reply; the wait of a command is from its send to its reply. CPU per
   command is the process's user + system time (/proc/PID/stat) over the burst,
   divided by the commands. The bot and the echo client take turns, alternating who
   goes first. For the bot, the updates' rows in its database must be there once each,
   in the order sent.

Prints a table of bot/echo ratios with the targets of issue 12, and the bot's memory.
With `--profile FILE`, py-spy samples the bot during its bursts (folded stacks in FILE,
readable by speedscope) and the summary of `bench.profile` is printed; sampling costs
CPU, so the figures of such a run are not comparable.
"""

from __future__ import annotations

import argparse
import asyncio
import secrets
import sqlite3
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from nio import MatrixRoom, RoomMessage

from bench.figures import Figure, comparison, quantile, summary
from bench.profile import Profiler, cpu_seconds, rss_mib, top
from bot.local_synapse import Homeserver, create_group_room, free_port
from tests.e2e.harness import BotProcess, Staff

PASSWORD = "bench-passwort"
BURST = 100  # commands per client and burst
WARM_UP = 5
# a burst is over when every command has its reply, or nothing came for this long
QUIET_S = 20.0
# how long after the last awaited reply doubled ones are still counted
GRACE_S = 2.0
BOT_ROOMS = ("europa-international", "europa-zwei")
ECHO_ROOMS = ("echo-eins", "echo-zwei")


def replied_to(source: dict[str, Any]) -> str | None:
    """The event id a message replies to (`m.in_reply_to`), if it is a reply."""
    value: Any = source
    for key in ("content", "m.relates_to", "m.in_reply_to", "event_id"):
        value = value.get(key) if isinstance(value, dict) else None
    return value if isinstance(value, str) else None


class Replies:
    """Every reply the staff clients receive: when it came, and its place in its room."""

    def __init__(self) -> None:
        self.at: defaultdict[str, list[float]] = defaultdict(list)  # replied-to id → arrivals
        self.order: defaultdict[str, list[str]] = defaultdict(list)  # room → replied-to ids
        self._arrived = asyncio.Event()

    def watch(self, staff: Staff) -> None:
        """Record the replies `staff` receives."""
        staff.client.add_event_callback(self._seen, RoomMessage)  # type: ignore[arg-type]

    async def _seen(self, room: MatrixRoom, event: RoomMessage) -> None:
        target = replied_to(event.source)
        if target is not None:
            self.at[target].append(time.perf_counter())
            self.order[room.room_id].append(target)
            self._arrived.set()

    async def settle(self, expected: set[str]) -> None:
        """Wait until each of `expected` has a reply, or none came for QUIET_S."""
        while True:
            self._arrived.clear()
            if expected <= self.at.keys():
                return
            try:
                await asyncio.wait_for(self._arrived.wait(), QUIET_S)
            except TimeoutError:
                return


@dataclass(frozen=True)
class Side:
    """The bot or the echo client: its process and its two rooms (anna's, bernd's)."""

    name: str
    pid: int
    rooms: tuple[str, str]


@dataclass(frozen=True)
class Burst:
    """What one burst of commands to one side showed."""

    waits_ms: list[float]
    seconds: float  # from the first send to the last reply
    answered: int
    lost: int
    doubled: int
    in_order: bool
    cpu_s: float
    server_cpu_s: float  # Synapse's

    @property
    def throughput(self) -> float:
        """Commands answered per second."""
        return self.answered / self.seconds


def burst_bodies(tag: str) -> list[str]:
    """The commands of one client in one burst: an update and a read, alternating."""
    return [
        f"!update M1 Stand {tag}-{i:03d}" if i % 2 == 0 else "!massnahme M1" for i in range(BURST)
    ]


async def send_all(staff: Staff, room: str, bodies: list[str]) -> list[tuple[str, float]]:
    """Send `bodies` one after another as fast as the client can; (event id, send time)."""
    sent = []
    for body in bodies:
        start = time.perf_counter()
        sent.append((await staff.send(room, body), start))
    return sent


async def burst(
    side: Side, senders: tuple[Staff, Staff], replies: Replies, tag: str, server: int
) -> Burst:
    """Both clients send their commands at once, each into its room; wait for the replies."""
    lanes = [
        (staff, room, burst_bodies(tag + lane))
        for lane, staff, room in zip("ab", senders, side.rooms, strict=True)
    ]
    cpu_before, server_before = cpu_seconds(side.pid), cpu_seconds(server)
    start = time.perf_counter()
    sent_lanes = await asyncio.gather(*(send_all(s, room, bodies) for s, room, bodies in lanes))
    sent = {event_id: at for lane in sent_lanes for event_id, at in lane}
    await replies.settle(set(sent))
    cpu_s, server_cpu_s = cpu_seconds(side.pid) - cpu_before, cpu_seconds(server) - server_before
    await asyncio.sleep(GRACE_S)
    arrived = {e: replies.at[e][0] for e in sent if replies.at.get(e)}
    in_order = True
    for (_, room, _), lane in zip(lanes, sent_lanes, strict=True):
        ids = {event_id for event_id, _ in lane}
        seen = list(dict.fromkeys(e for e in replies.order[room] if e in ids))
        in_order = in_order and seen == [e for e, _ in lane if e in arrived]
    return Burst(
        waits_ms=[(arrived[e] - sent[e]) * 1000 for e in arrived],
        seconds=max(arrived.values(), default=start) - start,
        answered=len(arrived),
        lost=len(sent) - len(arrived),
        doubled=sum(len(replies.at[e]) - 1 for e in arrived),
        in_order=in_order,
        cpu_s=cpu_s,
        server_cpu_s=server_cpu_s,
    )


def updates_in_order(database: Path, tag: str) -> bool:
    """Whether the bot's database holds each update of burst `tag` once, in the order sent."""
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as db:
        for lane in "ab":
            prefix = f"Stand {tag}{lane}-"
            rows = db.execute(
                "SELECT text FROM updates WHERE text LIKE ? ORDER BY id", (prefix + "%",)
            ).fetchall()
            expected = [b.removeprefix("!update M1 ") for b in burst_bodies(tag + lane)]
            if [text for (text,) in rows] != [b for b in expected if b.startswith(prefix)]:
                return False
    return True


async def timed(staff: Staff, room: str, body: str) -> float:
    """Send `body` and wait for the answer; the round trip in milliseconds."""
    start = time.perf_counter()
    await staff.ask(room, body)
    return (time.perf_counter() - start) * 1000


async def sequential(
    anna: Staff, bot: Side, echo: Side, rounds: int
) -> dict[str, dict[str, list[float]]]:
    """Round trips of each command, alternating bot and echo; {command: {side: ms}}."""
    commands = {"!massnahme M1": "!massnahme M1", "!update M1 …": "!update M1 Runde {n}"}
    timings: dict[str, dict[str, list[float]]] = {c: {"bot": [], "echo": []} for c in commands}
    for n in range(-WARM_UP, rounds):
        for name, body in commands.items():
            for side in (bot, echo):
                ms = await timed(anna, side.rooms[0], body.format(n=n))
                if n >= 0:
                    timings[name][side.name].append(ms)
    return timings


async def main(rounds: int, bursts: int, profile: Path | None) -> None:
    """Measure the bot's cost per message next to the echo client on one Synapse."""
    with tempfile.TemporaryDirectory(prefix="europa-bench-") as tmp_name:
        tmp = Path(tmp_name)
        server = Homeserver(tmp / "synapse", free_port(), secrets.token_hex(16))
        await server.start()
        echo_process: asyncio.subprocess.Process | None = None
        bot_process: BotProcess | None = None
        profiler = Profiler(profile) if profile else None
        clients: list[Staff] = []
        try:
            for name in ("europa-bot", "echo", "koordination", "anna", "bernd"):
                await server.register(name, PASSWORD)
            for name in ("koordination", "anna", "bernd"):
                clients.append(Staff(await server.client(name, PASSWORD)))
                await clients[-1].start()
            koordination, anna, bernd = clients
            rooms: dict[str, str] = {}
            for user, aliases in (("europa-bot", BOT_ROOMS), ("echo", ECHO_ROOMS)):
                for alias, member in zip(aliases, (anna, bernd), strict=True):
                    rooms[alias] = await create_group_room(
                        koordination.client, [member.client], [server.user_id(user)], alias=alias
                    )
            bot_process = await BotProcess.launch(
                server,
                tmp,
                PASSWORD,
                [f"#{alias}:localhost" for alias in BOT_ROOMS],
                [koordination.user_id],
            )
            assert bot_process.process is not None
            memory_start = rss_mib(bot_process.process.pid)
            echo_process = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "bench.echo_client",
                server.url,
                server.user_id("echo"),
                PASSWORD,
                stdout=asyncio.subprocess.PIPE,
            )
            assert echo_process.stdout is not None
            await echo_process.stdout.readline()  # "ready"
            bot = Side("bot", bot_process.process.pid, (rooms[BOT_ROOMS[0]], rooms[BOT_ROOMS[1]]))
            echo = Side("echo", echo_process.pid, (rooms[ECHO_ROOMS[0]], rooms[ECHO_ROOMS[1]]))
            await koordination.ask(bot.rooms[0], "!massnahme neu HF2 Sprachkurse für Beschäftigte")
            for side in (bot, echo):  # both rooms answer before anything is timed
                await bernd.ask(side.rooms[1], "!massnahme M1")

            timings = await sequential(anna, bot, echo, rounds)

            replies = Replies()
            replies.watch(anna)
            replies.watch(bernd)
            results: dict[str, list[Burst]] = {"bot": [], "echo": []}
            updates_ok = True
            for n in range(bursts):
                for side in (bot, echo) if n % 2 == 0 else (echo, bot):
                    tag = f"{side.name}{n}"
                    if profiler is not None and side is bot and profiler.process is None:
                        await profiler.start(bot.pid)
                    run = await burst(side, (anna, bernd), replies, tag, server.process.pid)
                    results[side.name].append(run)
                    if side is bot:
                        database = tmp / "bot-data" / "europa-bot.db"
                        updates_ok = updates_ok and updates_in_order(database, tag)
            if profiler is not None:
                await profiler.stop()
            memory_end = rss_mib(bot.pid)

            print(f"\nRound trips over local Synapse ({rounds} rounds, alternating):")
            for command, by_side in timings.items():
                print(summary(f"europa-bot {command}", by_side["bot"]))
                print(summary(f"bare nio echo client {command}", by_side["echo"]))
            print(f"\nBursts: {bursts} × 2 clients × {BURST} commands, each client in its own room")
            for name, runs in results.items():
                speeds = ", ".join(f"{b.throughput:.1f}/s ({b.cpu_s:.2f} s CPU)" for b in runs)
                print(f"  {name:<5} {speeds}")
            figures = _figures(timings, results)
            print()
            print(comparison(figures, "europa-bot", "echo"))
            print(
                f"\nReplies in the order of the commands in each room: bot "
                f"{_yes(all(b.in_order for b in results['bot']))}, echo "
                f"{_yes(all(b.in_order for b in results['echo']))}; "
                f"the bot's updates recorded once each, in order: {_yes(updates_ok)}"
            )
            print(
                f"Bot memory (RSS): {memory_start:.1f} MiB after start, "
                f"{memory_end:.1f} MiB after the run"
            )
            if profile is not None:
                print(f"\nProfile of the bot during its bursts ({profile}):")
                print(top(profile))
        finally:
            for staff in clients:
                await staff.stop()
            if profiler is not None:
                await profiler.stop()
            if echo_process is not None and echo_process.returncode is None:
                echo_process.terminate()
                await echo_process.wait()
            if bot_process is not None:
                await bot_process.stop()
            await server.stop()


def _yes(value: bool) -> str:
    return "yes" if value else "NO"


@dataclass(frozen=True)
class Pooled:
    """The bursts of one side taken together."""

    throughput: float  # the median burst's
    wait_p50_ms: float
    wait_p95_ms: float
    cpu_ms: float  # per command
    server_cpu_ms: float  # per command
    lost: int
    doubled: int
    longest_s: float

    @classmethod
    def of(cls, runs: list[Burst]) -> Pooled:
        """Waits and CPU over all commands of `runs`; the median throughput."""
        waits = [w for b in runs for w in b.waits_ms]
        commands = sum(b.answered + b.lost for b in runs)
        return cls(
            throughput=statistics.median(b.throughput for b in runs),
            wait_p50_ms=quantile(waits, 0.5),
            wait_p95_ms=quantile(waits, 0.95),
            cpu_ms=1000 * sum(b.cpu_s for b in runs) / commands,
            server_cpu_ms=1000 * sum(b.server_cpu_s for b in runs) / commands,
            lost=sum(b.lost for b in runs),
            doubled=sum(b.doubled for b in runs),
            longest_s=max(b.seconds for b in runs),
        )


def _figures(
    timings: dict[str, dict[str, list[float]]], results: dict[str, list[Burst]]
) -> list[Figure]:
    """The figures of issue 12 with their targets."""
    figures = []
    for command, by_side in timings.items():
        bot, echo = by_side["bot"], by_side["echo"]
        median = Figure(
            f"{command} median", statistics.median(bot), statistics.median(echo), "ms", "≤ 1.10×"
        )
        p95 = Figure(f"{command} p95", quantile(bot, 0.95), quantile(echo, 0.95), "ms", "≤ 1.20×")
        figures += [replace(median, met=median.ratio <= 1.10), replace(p95, met=p95.ratio <= 1.20)]
    b, e = Pooled.of(results["bot"]), Pooled.of(results["echo"])
    throughput = Figure("burst throughput (median)", b.throughput, e.throughput, "/s", "≥ 0.95×")
    return [
        *figures,
        replace(throughput, met=throughput.ratio >= 0.95),
        Figure(
            "burst wait p50", b.wait_p50_ms, e.wait_p50_ms, "ms", "≤ 1000 ms", b.wait_p50_ms <= 1e3
        ),
        Figure("burst wait p95", b.wait_p95_ms, e.wait_p95_ms, "ms"),
        Figure("burst CPU per command", b.cpu_ms, e.cpu_ms, "ms", "≤ 6 ms", b.cpu_ms <= 6),
        Figure("burst Synapse CPU per command", b.server_cpu_ms, e.server_cpu_ms, "ms"),
        Figure("burst replies lost", b.lost, e.lost, "", "0", b.lost == 0),
        Figure("burst replies doubled", b.doubled, e.doubled, "", "0", b.doubled == 0),
        Figure("longest burst", b.longest_s, e.longest_s, "s"),
    ]


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=100, help="sequential rounds per command")
    parser.add_argument("--bursts", type=int, default=3, help="bursts per side")
    parser.add_argument("--profile", type=Path, help="py-spy the bot's bursts into this file")
    arguments = parser.parse_args()
    asyncio.run(main(arguments.rounds, arguments.bursts, arguments.profile))
