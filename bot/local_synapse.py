"""A throwaway local Synapse on 127.0.0.1, for the demo (`europa-bot sandbox`), the tests
and the benchmarks.

Synapse is installed from PyPI, in the exact versions of `bot/synapse.lock`, into a cached
virtual environment on first use (`EUROPA_BOT_SYNAPSE_VENV`, default
`~/.cache/europa-bot/synapse-venv`; installed again when the lock changes), configured
with SQLite, registration by shared secret and relaxed rate limits, and stopped by
its PID. Users and rooms are made through it as a client would.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import os
import secrets
import shutil
import socket
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
from nio import AsyncClient, LoginResponse, RoomCreateResponse

log = logging.getLogger(__name__)

SYNAPSE_LOCK = Path(__file__).with_name("synapse.lock")
SERVER_NAME = "localhost"
GROUP_ALIAS = "europa-international"
_GENEROUS = {"per_second": 1000, "burst_count": 1000}


def synapse_venv() -> Path:
    """Where Synapse's own virtual environment lives (cached between runs)."""
    if env := os.environ.get("EUROPA_BOT_SYNAPSE_VENV"):
        return Path(env)
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return cache / "europa-bot" / "synapse-venv"


async def _run(*argv: str | Path) -> None:
    process = await asyncio.create_subprocess_exec(
        *map(str, argv), stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT
    )
    output, _ = await process.communicate()
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, argv))} failed:\n{output.decode()[-3000:]}")


async def ensure_synapse() -> Path:
    """The Python of Synapse's environment, installing Synapse there first if needed."""
    venv = synapse_venv()
    python = venv / "bin" / "python"
    marker = venv / ".europa-bot-installed"
    lock = SYNAPSE_LOCK.read_text(encoding="utf-8")
    if marker.exists() and marker.read_text(encoding="utf-8") == lock:
        return python
    print(f"Installing Synapse into {venv} (once; takes about a minute) …", flush=True)
    if venv.exists():
        shutil.rmtree(venv)
    await _run(sys.executable, "-m", "venv", venv)
    await _run(
        python,
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
        "--requirement",
        SYNAPSE_LOCK,
    )
    marker.write_text(lock, encoding="utf-8")
    return python


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _homeserver_config(directory: Path, port: int, secret: str) -> dict[str, Any]:
    rate_limits = {
        "rc_message": _GENEROUS,
        "rc_registration": _GENEROUS,
        "rc_login": {"address": _GENEROUS, "account": _GENEROUS, "failed_attempts": _GENEROUS},
        "rc_joins": {"local": _GENEROUS, "remote": _GENEROUS},
        "rc_joins_per_room": _GENEROUS,
        "rc_invites": {"per_room": _GENEROUS, "per_user": _GENEROUS, "per_issuer": _GENEROUS},
        "rc_room_creation": _GENEROUS,
        "rc_admin_redaction": _GENEROUS,
        "rc_3pid_validation": _GENEROUS,
        "rc_key_requests": _GENEROUS,
        "rc_presence": {"per_user": _GENEROUS},
        "rc_media_create": _GENEROUS,
        "rc_delayed_event_mgmt": _GENEROUS,
        "rc_reports": _GENEROUS,
    }
    return {
        "server_name": SERVER_NAME,
        "pid_file": str(directory / "homeserver.pid"),
        "listeners": [
            {
                "port": port,
                "bind_addresses": ["127.0.0.1"],
                "type": "http",
                "tls": False,
                "x_forwarded": False,
                "resources": [{"names": ["client"], "compress": False}],
            }
        ],
        "database": {"name": "sqlite3", "args": {"database": str(directory / "homeserver.db")}},
        "log_config": str(directory / "log.config"),
        "media_store_path": str(directory / "media"),
        "signing_key_path": str(directory / "signing.key"),
        "registration_shared_secret": secret,
        "macaroon_secret_key": secrets.token_hex(32),
        "form_secret": secrets.token_hex(32),
        "report_stats": False,
        "enable_registration": False,
        "trusted_key_servers": [],
        "suppress_key_server_warning": True,
        "url_preview_enabled": False,
        "presence": {"enabled": False},
        "enable_metrics": False,
        **rate_limits,
    }


def _log_config(directory: Path) -> dict[str, Any]:
    return {
        "version": 1,
        "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
        "handlers": {
            "file": {
                "class": "logging.FileHandler",
                "formatter": "plain",
                "filename": str(directory / "homeserver.log"),
            }
        },
        "root": {"level": "WARNING", "handlers": ["file"]},
        "disable_existing_loggers": False,
    }


@dataclass
class Homeserver:
    """A running local Synapse."""

    directory: Path
    port: int
    secret: str
    process: asyncio.subprocess.Process | None = field(default=None, repr=False)

    @property
    def url(self) -> str:
        """The client-server API base URL."""
        return f"http://127.0.0.1:{self.port}"

    def user_id(self, name: str) -> str:
        """The full Matrix id of a local user name."""
        return f"@{name}:{SERVER_NAME}"

    async def start(self, wait_s: float = 120.0) -> None:
        """Write the configuration, generate keys, start Synapse and wait until it answers."""
        python = await ensure_synapse()
        self.directory.mkdir(parents=True, exist_ok=True)
        config = self.directory / "homeserver.yaml"
        # JSON is valid YAML, so no YAML library is needed here
        config.write_text(json.dumps(_homeserver_config(self.directory, self.port, self.secret)))
        (self.directory / "log.config").write_text(json.dumps(_log_config(self.directory)))
        await _run(python, "-m", "synapse.app.homeserver", "-c", config, "--generate-keys")
        output = (self.directory / "stdout.log").open("ab")
        self.process = await asyncio.create_subprocess_exec(
            str(python),
            "-m",
            "synapse.app.homeserver",
            "-c",
            str(config),
            stdout=output,
            stderr=output,
            start_new_session=True,
        )
        output.close()
        try:
            await self._wait_until_up(wait_s)
        except BaseException:
            # also on Ctrl-C: Synapse runs in its own session and would outlive us
            await asyncio.shield(self.stop())
            raise

    async def _wait_until_up(self, wait_s: float) -> None:
        assert self.process is not None
        deadline = time.monotonic() + wait_s
        async with aiohttp.ClientSession() as http:
            while True:
                if self.process.returncode is not None:
                    raise RuntimeError(f"Synapse exited; see {self.directory}/homeserver.log")
                try:
                    async with http.get(f"{self.url}/health") as response:
                        if response.status == 200:
                            return
                except aiohttp.ClientError:
                    pass
                if time.monotonic() > deadline:
                    raise TimeoutError(f"Synapse did not answer within {wait_s:.0f} s")
                await asyncio.sleep(0.2)

    async def stop(self) -> None:
        """Stop Synapse by its PID: SIGTERM, then SIGKILL if it lingers."""
        process, self.process = self.process, None
        if process is None or process.returncode is not None:
            return
        process.terminate()
        try:
            await asyncio.wait_for(process.wait(), timeout=15)
        except TimeoutError:
            process.kill()
            await process.wait()

    async def register(
        self, name: str, password: str, admin: bool = False, display_name: str | None = None
    ) -> str:
        """Register a user through the shared-secret admin API; return its Matrix id.

        Without `display_name` Synapse takes the user name (e.g. "anna").
        """
        endpoint = f"{self.url}/_synapse/admin/v1/register"
        async with aiohttp.ClientSession() as http:
            async with http.get(endpoint) as response:
                nonce = str((await response.json())["nonce"])
            message = "\x00".join([nonce, name, password, "admin" if admin else "notadmin"])
            mac = hmac.new(self.secret.encode(), message.encode(), hashlib.sha1).hexdigest()
            body = {
                "nonce": nonce,
                "username": name,
                "password": password,
                "admin": admin,
                "mac": mac,
            }
            if display_name is not None:
                body["displayname"] = display_name
            async with http.post(endpoint, json=body) as response:
                if response.status != 200:
                    raise RuntimeError(f"registering {name} failed: {await response.text()}")
        return self.user_id(name)

    async def client(self, name: str, password: str, store: Path | None = None) -> AsyncClient:
        """A logged-in nio client for a local user (with E2EE when `store` is given)."""
        from nio import AsyncClientConfig

        if store is not None:
            store.mkdir(parents=True, exist_ok=True)
        client = AsyncClient(
            self.url,
            self.user_id(name),
            store_path=str(store) if store else "",
            config=AsyncClientConfig(encryption_enabled=store is not None, store_sync_tokens=False),
        )
        response = await client.login(password, device_name=f"{name}-client")
        if not isinstance(response, LoginResponse):
            await client.close()
            raise RuntimeError(f"login of {name} failed: {response}")
        return client


async def create_group_room(
    owner: AsyncClient,
    members: list[AsyncClient],
    invite_only: list[str],
    *,
    alias: str = GROUP_ALIAS,
    encrypted: bool = False,
    name: str = "Europa und Internationales",
) -> str:
    """Create a room as `owner`, with `members` joined and `invite_only` users invited."""
    initial_state = []
    if encrypted:
        initial_state.append(
            {
                "type": "m.room.encryption",
                "state_key": "",
                "content": {"algorithm": "m.megolm.v1.aes-sha2"},
            }
        )
    response = await owner.room_create(
        alias=alias,
        name=name,
        invite=[m.user_id for m in members] + invite_only,
        initial_state=initial_state,
    )
    if not isinstance(response, RoomCreateResponse):
        raise RuntimeError(f"creating the room failed: {response}")
    for member in members:
        joined = await member.join(response.room_id)
        if not hasattr(joined, "room_id"):
            raise RuntimeError(f"{member.user_id} could not join: {joined}")
    return str(response.room_id)
