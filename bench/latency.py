"""Reply latency of `!massnahme M1` over a local Synapse, next to a bare nio echo client.

    python -m bench.latency [--rounds 100]

Starts its own Synapse on 127.0.0.1, the bot and the echo client as subprocesses, and
a staff client that sends, alternately, a command to the bot and a text to the echo
client, timing each from sending to receiving the reply. Also prints the bot's
resident memory after start and after the run.
"""

from __future__ import annotations

import argparse
import asyncio
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench.figures import summary
from bot.local_synapse import Homeserver, create_group_room, free_port
from tests.e2e.harness import BotProcess, Staff

PASSWORD = "bench-passwort"


def rss_mib(pid: int) -> float:
    """Resident memory of a process in MiB (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def timed(staff: Staff, room: str, body: str) -> float:
    """Send `body` and wait for the answer; the round trip in milliseconds."""
    start = time.perf_counter()
    await staff.ask(room, body)
    return (time.perf_counter() - start) * 1000


async def main(rounds: int) -> None:
    """Measure the bot's reply latency next to the echo client on one Synapse."""
    with tempfile.TemporaryDirectory(prefix="europa-bench-") as tmp_name:
        tmp = Path(tmp_name)
        server = Homeserver(tmp / "synapse", free_port(), secrets.token_hex(16))
        await server.start()
        echo: asyncio.subprocess.Process | None = None
        bot: BotProcess | None = None
        try:
            for name in ("europa-bot", "echo", "koordination", "anna"):
                await server.register(name, PASSWORD)
            koordination = Staff(await server.client("koordination", PASSWORD))
            anna = Staff(await server.client("anna", PASSWORD))
            await koordination.start()
            await anna.start()
            bot_room = await create_group_room(
                koordination.client, [anna.client], [server.user_id("europa-bot")]
            )
            echo_room = await create_group_room(
                koordination.client, [anna.client], [server.user_id("echo")], alias="echo"
            )
            bot = await BotProcess.launch(
                server, tmp, PASSWORD, ["#europa-international:localhost"], [koordination.user_id]
            )
            assert bot.process is not None
            memory_start = rss_mib(bot.process.pid)
            echo = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "bench.echo_client",
                server.url,
                server.user_id("echo"),
                PASSWORD,
                stdout=asyncio.subprocess.PIPE,
            )
            assert echo.stdout is not None
            await echo.stdout.readline()  # "ready"
            await koordination.ask(bot_room, "!massnahme neu HF2 Sprachkurse für Beschäftigte")
            for _ in range(5):  # warm-up, not counted
                await timed(anna, bot_room, "!massnahme M1")
                await timed(anna, echo_room, "!massnahme M1")
            bot_ms: list[float] = []
            echo_ms: list[float] = []
            for _ in range(rounds):
                bot_ms.append(await timed(anna, bot_room, "!massnahme M1"))
                echo_ms.append(await timed(anna, echo_room, "!massnahme M1"))
            memory_end = rss_mib(bot.process.pid)
            print(f"\nReply latency over local Synapse ({rounds} rounds, alternating):")
            print(summary("europa-bot !massnahme M1", bot_ms))
            print(summary("bare nio echo client", echo_ms))
            print(
                f"{'difference of medians':<28} "
                f"{statistics.median(bot_ms) - statistics.median(echo_ms):+6.1f} ms"
            )
            print(
                f"\nBot memory (RSS): {memory_start:.1f} MiB after start, "
                f"{memory_end:.1f} MiB after the run"
            )
            await koordination.stop()
            await anna.stop()
        finally:
            if echo is not None and echo.returncode is None:
                echo.terminate()
                await echo.wait()
            if bot is not None:
                await bot.stop()
            await server.stop()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=100)
    asyncio.run(main(parser.parse_args().rounds))
