"""The Element-grade test client (tests/e2e/element/client.mjs) for pytest.

`run_client` installs the client's npm packages when needed (`npm ci` from the lock file into
tests/e2e/element/node_modules, again whenever package.json or package-lock.json changed),
runs the client under Node >= 22 and returns its JSON verdict. Node 24 itself comes from the
npm registry as a package (see package.json); elsewhere a system Node >= 22 is used.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import hashlib
import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CLIENT_DIR = Path(__file__).parent / "element"
NODE_MODULES = CLIENT_DIR / "node_modules"
NPM_CI = ("ci", "--no-audit", "--no-fund", "--update-notifier=false", "--loglevel=error")
STAMP = NODE_MODULES / ".europa-bot-installed"
INSTALL_TIMEOUT_S = 600.0
MIN_NODE_MAJOR = 22
TAIL_CHARS = 4000


class ElementClientError(RuntimeError):
    """The client could not be installed or run, or gave no verdict."""


@dataclass
class ClientRun:
    """What one run of the client gave: its JSON verdict and the end of its log (stderr)."""

    verdict: dict[str, Any]
    log_tail: str


def _tail(text: str) -> str:
    return text[-TAIL_CHARS:] if len(text) > TAIL_CHARS else text


def _lock_digest() -> str:
    """What the installed node_modules must match: package.json and the lock file."""
    digest = hashlib.sha256()
    for name in ("package.json", "package-lock.json"):
        digest.update((CLIENT_DIR / name).read_bytes())
    return digest.hexdigest()


def ensure_installed() -> None:
    """Run `npm ci` unless node_modules was installed from the current lock file.

    Blocking; serialised with an advisory lock on the lock file, so parallel test
    processes install once.
    """
    npm = shutil.which("npm")
    with (CLIENT_DIR / "package-lock.json").open("rb") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        wanted = _lock_digest()
        if STAMP.exists() and STAMP.read_text().strip() == wanted:
            return
        if npm is None:
            raise ElementClientError("npm is not on PATH; it is needed to install the test client")
        try:
            done = subprocess.run(
                [npm, *NPM_CI],
                cwd=CLIENT_DIR,
                capture_output=True,
                text=True,
                timeout=INSTALL_TIMEOUT_S,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise ElementClientError(f"npm ci took longer than {INSTALL_TIMEOUT_S:.0f} s") from exc
        if done.returncode != 0:
            raise ElementClientError(
                f"npm ci failed ({done.returncode}) in {CLIENT_DIR}:\n"
                f"{_tail(done.stdout + done.stderr)}"
            )
        STAMP.write_text(wanted + "\n")


def node_binary() -> str:
    """The Node that runs the client: the npm-installed Node 24, else a system Node >= 22."""
    bundled = NODE_MODULES / ".bin" / "node"
    if bundled.exists():
        return str(bundled)
    system = shutil.which("node")
    if system is not None:
        version = subprocess.run(
            [system, "--version"], capture_output=True, text=True, timeout=30, check=False
        ).stdout
        major = re.match(r"v(\d+)\.", version)
        if major and int(major.group(1)) >= MIN_NODE_MAJOR:
            return system
    raise ElementClientError(
        f"no Node >= {MIN_NODE_MAJOR}: npm installed none for this platform "
        f"(see {CLIENT_DIR / 'package.json'}) and the system has {system or 'no node'}"
    )


async def run_client(scenario: dict[str, Any], timeout_s: float = 180.0) -> ClientRun:
    """Run the client with `scenario` (see client.mjs) on stdin; return its verdict and log.

    Raises `ElementClientError` with the tail of the client's output if it crashes, times
    out or prints no verdict. A verdict may still carry `error` (the scenario broke off).
    """
    await asyncio.to_thread(ensure_installed)
    node = await asyncio.to_thread(node_binary)
    process = await asyncio.create_subprocess_exec(
        node,
        str(CLIENT_DIR / "client.mjs"),
        cwd=CLIENT_DIR,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env={**os.environ, "NODE_NO_WARNINGS": "1"},
    )
    try:
        stdout, stderr = await asyncio.wait_for(
            process.communicate(json.dumps(scenario).encode()), timeout_s
        )
    except TimeoutError:
        process.kill()
        _, stderr = await process.communicate()
        raise ElementClientError(
            f"the Element client did not finish within {timeout_s:.0f} s:\n"
            f"{_tail(stderr.decode(errors='replace'))}"
        ) from None
    output = stdout.decode(errors="replace").strip()
    log = stderr.decode(errors="replace")
    verdict: Any = None
    with contextlib.suppress(json.JSONDecodeError, IndexError):
        verdict = json.loads(output.splitlines()[-1])
    if process.returncode != 0 or not isinstance(verdict, dict):
        raise ElementClientError(
            f"the Element client failed (exit {process.returncode}), no verdict:\n"
            f"{_tail(output + chr(10) + log)}"
        )
    return ClientRun(verdict, _tail(log))
