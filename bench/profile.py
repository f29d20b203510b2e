"""What a process costs: its CPU time and memory from /proc, and where its time goes
(py-spy records it as folded stacks, `top` sums them up).

    python -m bench.profile FILE

`bench.latency --profile FILE` records the bot during its bursts and prints this.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import signal
import sys
from collections import Counter
from pathlib import Path

# subsystems, each matched on the file of any frame of a sample (inclusive time)
AREAS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("nio: schema validation of responses", re.compile(r"jsonschema/|nio/schemas\.py")),
    ("nio: encryption bookkeeping", re.compile(r"nio/crypto/|nio/store/|vodozemac|olm")),
    ("nio: sync response parsing (all)", re.compile(r"nio/responses\.py|nio/events/")),
    ("nio: client (all)", re.compile(r"nio/")),
    ("aiohttp (HTTP)", re.compile(r"aiohttp/|yarl/|multidict/")),
    ("JSON (de)serialising", re.compile(r"^json/|/json/")),
    ("SQLAlchemy", re.compile(r"sqlalchemy/")),
    ("SQLite driver thread (aiosqlite)", re.compile(r"aiosqlite/")),
    ("logging", re.compile(r"^logging/|/logging/")),
    ("our code: bot/", re.compile(r"^bot/|/bot/")),
    (
        "our code: commands/, services/, messages/",
        re.compile(r"(^|/)(commands|services|messages)/"),
    ),
    ("our code: storage/", re.compile(r"(^|/)storage/")),
)


def rss_mib(pid: int) -> float:
    """Resident memory of a process in MiB (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used so far, all its threads (Linux)."""
    # the fields after the command name, which is in parentheses and may hold spaces
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Profiler:
    """py-spy sampling a process into a file of folded stacks, until stopped."""

    def __init__(self, output: Path) -> None:
        self.output = output
        self.process: asyncio.subprocess.Process | None = None

    async def start(self, pid: int) -> None:
        py_spy = Path(sys.executable).parent / "py-spy"
        self.process = await asyncio.create_subprocess_exec(
            str(py_spy), "record", "--pid", str(pid), "--format", "raw", "--rate", "200",
            "--nonblocking", "--output", str(self.output),
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
        )  # fmt: skip

    async def stop(self) -> None:
        if self.process is not None and self.process.returncode is None:
            self.process.send_signal(signal.SIGINT)  # py-spy writes its file on SIGINT
            await self.process.wait()


_FRAME = re.compile(r"^(?P<function>.*) \((?P<file>[^()]*?):\d+\)$")
# leaves that wait rather than work (py-spy does not always tell idle threads apart):
# the event loop in epoll, aiosqlite's thread waiting for its next statement
IDLE = ("EpollSelector.select (selectors.py:", "_connection_worker_thread (aiosqlite/core.py:59)")
OURS = re.compile(r"^(bot/(?!__main__)|commands/|services/|messages/|storage/|plan/)")


def _frame(frame: str) -> tuple[str, str]:
    """(function, file) of one frame of a folded stack."""
    match = _FRAME.match(frame)
    return (match["function"], match["file"]) if match else (frame, "")


def top(path: Path, count: int = 15) -> str:
    """The subsystems and our functions (inclusive) and all functions (own time) that took
    the most of the samples that were not idle."""
    samples: list[tuple[list[tuple[str, str]], int]] = []
    idle = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        stack, _, number = line.rpartition(" ")
        if not stack or not number.isdigit():
            continue
        if stack.rpartition(";")[2].startswith(IDLE):
            idle += int(number)
        else:
            samples.append(([_frame(f) for f in stack.split(";")], int(number)))
    busy = sum(n for _, n in samples) or 1
    areas: Counter[str] = Counter()
    ours: Counter[str] = Counter()
    own: Counter[str] = Counter()
    for frames, n in samples:
        for name, pattern in AREAS:
            if any(pattern.search(file) for _, file in frames):
                areas[name] += n
        for function in {f"{f} ({file})" for f, file in frames if OURS.match(file)}:
            ours[function] += n
        own["{} ({})".format(*frames[-1])] += n
    share = 100 / busy
    lines = [f"{busy} samples at work ({idle} idle left out); by subsystem (inclusive):"]
    lines += [f"  {share * areas[name]:5.1f} %  {name}" for name, _ in AREAS]
    lines.append(f"top {count} of our functions (inclusive):")
    lines += [f"  {share * n:5.1f} %  {name}" for name, n in ours.most_common(count)]
    lines.append(f"top {count} functions by own time:")
    lines += [f"  {share * n:5.1f} %  {name}" for name, n in own.most_common(count)]
    return "\n".join(lines)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path)
    print(top(parser.parse_args().file))
