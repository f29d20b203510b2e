"""A throwaway PostgreSQL server for the tests: its own data directory, a free port on
127.0.0.1, trust authentication, stopped by PID.

The Debian server binaries (`/usr/lib/postgresql/<version>/bin`) are used; `make test`
installs them where they are missing. PostgreSQL refuses to run as root, which is what CI
runs as: as root, the server runs as the `postgres` user, in a data directory that user
owns. Each test gets its own database, copied from a template that is migrated once.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import asyncpg

from bot.local_synapse import free_port
from plan.vocabulary import DEFAULT_FIELDS, DEFAULT_GOALS
from storage.db import Database

TEMPLATE = "europa_template"


def server_binaries() -> Path:
    """The newest installed PostgreSQL server's bin directory."""
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/postgres"),
        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0,
    )
    if found:
        return found[-1].parent
    if which := shutil.which("postgres"):
        return Path(which).parent
    raise RuntimeError(
        "PostgreSQL server binaries not found; install Debian's `postgresql` package "
        "(`make test` does this with apt)"
    )


def _as_server_user() -> dict[str, Any]:
    """Popen arguments that run a child as `postgres` when we are root."""
    if os.geteuid() != 0:
        return {}
    return {"user": "postgres", "group": pwd.getpwnam("postgres").pw_gid}


class PostgresServer:
    """One PostgreSQL server process for a test session."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="europa-bot-pg-"))
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self._names = itertools.count(1)

    def start(self) -> None:
        """Initialise the data directory, start the server, and migrate the template."""
        bin_dir = server_binaries()
        run_as = _as_server_user()
        if run_as:
            shutil.chown(self.root, run_as["user"], run_as["group"])
        data = self.root / "data"
        subprocess.run(
            [
                bin_dir / "initdb",
                "-D",
                data,
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
            ],
            check=True,
            capture_output=True,
            **run_as,
        )
        # durability off: a throwaway server whose data nobody keeps
        with (self.root / "server.log").open("wb") as log:
            self.process = subprocess.Popen(
                [
                    bin_dir / "postgres",
                    "-D",
                    data,
                    "-p",
                    str(self.port),
                    "-k",
                    self.root,
                    "-c",
                    "listen_addresses=127.0.0.1",
                    "-c",
                    "fsync=off",
                    "-c",
                    "synchronous_commit=off",
                    "-c",
                    "full_page_writes=off",
                ],
                stdout=subprocess.DEVNULL,
                stderr=log,
                **run_as,
            )
        self._wait_until_listening()
        # the first test to ask runs inside an event loop already: migrate in a thread of our own
        with ThreadPoolExecutor(1) as thread:
            thread.submit(asyncio.run, self._create_template()).result()

    def _wait_until_listening(self, timeout_s: float = 30.0) -> None:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                raise RuntimeError(f"PostgreSQL did not start:\n{self.log()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"PostgreSQL did not listen within {timeout_s} s:\n{self.log()}")

    def log(self) -> str:
        """The server's log so far."""
        path = self.root / "server.log"
        return path.read_text(errors="replace")[-3000:] if path.exists() else ""

    def url(self, database: str) -> str:
        """The SQLAlchemy URL of `database` on this server."""
        return f"postgresql+asyncpg://postgres@127.0.0.1:{self.port}/{database}"

    async def create_database(self) -> str:
        """A new database, a copy of the migrated template; its URL."""
        name = f"test_{next(self._names)}"
        await self._create(name, TEMPLATE)
        return self.url(name)

    async def terminate_connections(self, url: str) -> int:
        """Cut every connection to the database at `url`, as a server restart would."""
        name = url.rsplit("/", 1)[1]
        return len(
            await self._admin(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1", name
            )
        )

    async def _create(self, name: str, template: str) -> None:
        await self._admin(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')

    async def _admin(self, query: str, *args: Any) -> list[Any]:
        connection = await asyncpg.connect(
            host="127.0.0.1", port=self.port, user="postgres", database="postgres"
        )
        try:
            return list(await connection.fetch(query, *args))
        finally:
            await connection.close()

    async def _create_template(self) -> None:
        await self._create(TEMPLATE, "template0")
        database = Database(self.url(TEMPLATE))
        try:
            await database.start(DEFAULT_FIELDS, DEFAULT_GOALS)
        finally:
            await database.close()  # a template must have no connections when copied

    def stop(self) -> None:
        """Stop the server by its PID (fast shutdown) and remove its files."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.root, ignore_errors=True)
