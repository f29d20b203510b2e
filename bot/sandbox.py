"""`europa-bot sandbox`: the bot against a local Synapse, with demo users, a group room
and a seeded catalogue, set up from nothing and torn down with Ctrl-C."""

from __future__ import annotations

import json
import logging
import secrets
import shutil
import sys
from pathlib import Path

from bot.local_synapse import (
    GROUP_ALIAS,
    SERVER_NAME,
    Homeserver,
    create_group_room,
    ensure_synapse,
    free_port,
)

log = logging.getLogger(__name__)


# the sandbox deletes its folder at start only if it finds this file in it
SANDBOX_MARKER = ".europa-bot-sandbox"
# the demo accounts and their display names (the bot names people by them)
DEMO_USERS = {
    "europa-bot": "europa-bot",
    "koordination": "Koordination (Büro für internationale Angelegenheiten)",
    "anna": "Anna Albers",
}


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
    storage_url: str | None = None,
) -> None:
    """Write a bot configuration for a local homeserver (reached at `homeserver_url` if given).

    The database is `storage_url`, by default an SQLite file in `data_dir`. `extra` is
    appended as it is (more TOML tables).
    """
    storage_url = storage_url or f"sqlite+aiosqlite:///{data_dir / 'europa-bot.db'}"
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
        f'url = "{storage_url}"\n' + extra,
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
        passwords = {name: secrets.token_urlsafe(9) for name in DEMO_USERS}
        for name, password in passwords.items():
            await homeserver.register(name, password, display_name=DEMO_USERS[name])
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
