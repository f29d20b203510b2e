"""A throwaway local Synapse on 127.0.0.1, for the demo (`europa-bot sandbox`) and the tests.

Synapse is installed from PyPI into a cached virtual environment on first use
(`EUROPA_BOT_SYNAPSE_VENV`, default `~/.cache/europa-bot/synapse-venv`), configured
with SQLite, registration by shared secret and relaxed rate limits, and stopped by
its PID.
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

SYNAPSE_REQUIREMENT = "matrix-synapse>=1.100,<2"
SERVER_NAME = "localhost"
GROUP_ALIAS = "europa-international"
# the sandbox deletes its folder at start only if it finds this file in it
SANDBOX_MARKER = ".europa-bot-sandbox"
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
    if marker.exists():
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
        SYNAPSE_REQUIREMENT,
    )
    marker.write_text(SYNAPSE_REQUIREMENT + "\n")
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

    async def register(self, name: str, password: str, admin: bool = False) -> str:
        """Register a user through the shared-secret admin API; return its Matrix id."""
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


DEMO_DEPARTMENTS = (
    ("FB18", "Personal und Organisation", ("koordination",)),
    ("OE-IA", "Büro für internationale Angelegenheiten", ("koordination",)),
    ("Dez-III", "Kultur- und Schuldezernat", ("anna",)),
)

DEMO_MEASURES = (
    ("HF1", "Städtepartnerschaftskonzept fortschreiben", "OE-IA", 1, "kurz", 90),
    ("HF2", "Sprachkurse für Beschäftigte", "FB18", 2, "kurz", 125),
    ("HF2", "EU-Fördermittelberatung in der Verwaltung aufbauen", "OE-IA", 3, "mittel", 200),
    ("HF3", "Internationale Willkommenskultur für Fachkräfte", "OE-IA", 1, "mittel", 30),
    ("HF4", "Europawoche mit der Stadtgesellschaft", "Dez-III", 3, "kurz", 12),
)


async def seed_demo(config_path: Path) -> None:
    """Fill the bot's database with the demo departments and measures."""
    from datetime import UTC, datetime, timedelta

    from bot.config import load_config
    from plan.audit import Origin
    from storage.db import Database

    config = load_config(config_path)
    database = Database(config.storage.url)
    await database.start(config.fields, config.goals)
    now = datetime.now(UTC)
    origin = Origin(config.bot.coordinators[0], now)
    async with database.transaction() as store:
        departments = {}
        for code, name, contacts in DEMO_DEPARTMENTS:
            departments[code] = await store.departments.add(
                code, name, None, [f"@{c}:{SERVER_NAME}" for c in contacts], origin
            )
        for field_code, title, dept, goal, prio, days in DEMO_MEASURES:
            await store.measures.add(
                origin,
                field_code=field_code,
                title=title,
                department=departments[dept],
                goal_number=goal,
                priority=prio,
                deadline=(now + timedelta(days=days)).date(),
            )
    await database.close()


def write_config(
    path: Path,
    homeserver: Homeserver,
    bot_name: str,
    password: str,
    rooms: list[str],
    coordinators: list[str],
    data_dir: Path,
    homeserver_url: str | None = None,
    extra: str = "",
) -> None:
    """Write a bot configuration for a local homeserver (reached at `homeserver_url` if given).

    `extra` is appended as it is (more TOML tables).
    """
    path.write_text(
        "[matrix]\n"
        f'homeserver = "{homeserver_url or homeserver.url}"\n'
        f'user_id = "{homeserver.user_id(bot_name)}"\n'
        f'password = "{password}"\n\n'
        "[bot]\n"
        f"rooms = {json.dumps(rooms)}\n"
        f"coordinators = {json.dumps(coordinators)}\n"
        f'data_dir = "{data_dir}"\n\n'
        "[storage]\n"
        f'url = "sqlite+aiosqlite:///{data_dir / "europa-bot.db"}"\n' + extra,
        encoding="utf-8",
    )


def empty_sandbox(directory: Path) -> None:
    """Empty the sandbox folder for a fresh start; only a folder the sandbox made is deleted.

    Raises:
        FileExistsError: `directory` holds files but was not made by the sandbox.
    """
    marker = directory / SANDBOX_MARKER
    if directory.exists() and any(directory.iterdir()):
        if not marker.exists():
            raise FileExistsError(
                f"{directory} is not empty and was not made by the sandbox; "
                "choose another folder with --dir"
            )
        shutil.rmtree(directory)
    directory.mkdir(parents=True, exist_ok=True)
    marker.write_text("made by `europa-bot sandbox`; emptied at each start\n")


async def main(directory: Path, install_only: bool = False) -> int:
    """`europa-bot sandbox`: homeserver, demo users, group room with catalogue, and the bot."""
    if install_only:
        print(f"Synapse is ready: {await ensure_synapse()}")
        return 0
    from bot import app
    from bot.config import load_config

    directory = directory.resolve()
    try:
        empty_sandbox(directory)
    except FileExistsError as error:
        print(f"europa-bot sandbox: {error}", file=sys.stderr)
        return 2
    homeserver = Homeserver(directory / "synapse", free_port(), secrets.token_hex(16))
    try:
        await homeserver.start()
        passwords = {
            name: secrets.token_urlsafe(9) for name in ("europa-bot", "koordination", "anna")
        }
        for name, password in passwords.items():
            await homeserver.register(name, password)
        owner = await homeserver.client("koordination", passwords["koordination"])
        staff = await homeserver.client("anna", passwords["anna"])
        await create_group_room(owner, [staff], [homeserver.user_id("europa-bot")])
        await owner.close()
        await staff.close()
        alias = f"#{GROUP_ALIAS}:{SERVER_NAME}"
        config_path = directory / "config.toml"
        write_config(
            config_path,
            homeserver,
            "europa-bot",
            passwords["europa-bot"],
            [alias],
            [homeserver.user_id("koordination")],
            directory / "data",
        )
        await seed_demo(config_path)
        print(
            "\n  europa-bot sandbox is running.\n"
            f"  Homeserver:  {homeserver.url}  (any Matrix client, e.g. Element: "
            "'Edit' the homeserver)\n"
            f"  Koordination: koordination / {passwords['koordination']}\n"
            f"  Staff:        anna / {passwords['anna']}\n"
            f"  Room:         {alias}  – write !hilfe there\n"
            f"  Bot config:   {config_path}\n"
            "  Stop with Ctrl-C.\n",
            flush=True,
        )
        await app.run(load_config(config_path))
    finally:
        await homeserver.stop()
    return 0
