"""`europa-bot sandbox`: the bot against a local Synapse, with demo users, a group room
and a seeded catalogue, set up from nothing and torn down with Ctrl-C."""

from __future__ import annotations

import json
import logging
import secrets
import shutil
import sys
from dataclasses import dataclass
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
    ("FB18", "Personal und Organisation", ("koordination",), "fachbereich"),
    ("OE-IA", "Büro für internationale Angelegenheiten", ("koordination",), "fachbereich"),
    ("Dez-III", "Kultur- und Schuldezernat", ("anna",), "fachbereich"),
    ("HMTG", "Hannover Marketing und Tourismus GmbH", (), "partner"),
    ("HI", "hannoverimpuls GmbH", (), "partner"),
)


@dataclass(frozen=True)
class DemoMeasure:
    """A measure of the demo catalogue, with its progress over the last weeks."""

    field: str
    title: str
    lead: str
    goal: int
    priority: str
    deadline_in_days: int
    involved: tuple[str, ...] = ()
    # funding, amount in cents, council paper, decision (plan.funding)
    money: tuple[str, int | None, str | None, str | None] | None = None
    # progress reported every other week, the last one two days ago
    progress: tuple[int, ...] = ()


DEMO_MEASURES = (
    DemoMeasure("HF1", "Städtepartnerschaftskonzept fortschreiben", "OE-IA", 1, "kurz", 90,
                progress=(10, 25, 40, 55)),
    DemoMeasure("HF2", "Sprachkurse für Beschäftigte", "FB18", 2, "kurz", 125,
                progress=(5, 20, 30, 45, 60)),
    DemoMeasure("HF2", "EU-Fördermittelberatung in der Verwaltung aufbauen", "OE-IA", 3,
                "mittel", 200, involved=("FB18",),
                money=("zusaetzlich", 12_000_000, "0987/2026", "beschlossen"), progress=(10, 15)),
    DemoMeasure("HF3", "Internationale Willkommenskultur für Fachkräfte", "OE-IA", 1, "mittel",
                30, involved=("HI", "HMTG"),
                money=("zusaetzlich", 25_000_000, "1234/2026", "offen"), progress=(5, 10, 20)),
    DemoMeasure("HF4", "Europawoche mit der Stadtgesellschaft", "Dez-III", 3, "kurz", 12,
                involved=("HMTG",), money=("bestehend", 1_500_000, None, None),
                progress=(20, 40, 70, 85)),
)  # fmt: skip


async def seed_demo(config_path: Path) -> None:
    """Fill the bot's database with the demo departments, partners and measures, created
    twelve weeks ago, with progress updates since (so the digest's trend has a course)."""
    from datetime import UTC, datetime, timedelta

    from bot.config import load_config
    from plan.audit import Origin
    from storage.db import Database

    config = load_config(config_path)
    database = Database(config.storage.url)
    await database.start(config.fields, config.goals)
    now = datetime.now(UTC)
    created = now - timedelta(weeks=12)
    origin = Origin(config.bot.coordinators[0], created)
    async with database.transaction() as store:
        departments = {}
        for code, name, contacts, kind in DEMO_DEPARTMENTS:
            departments[code] = await store.departments.add(
                code, name, None, [f"@{c}:{SERVER_NAME}" for c in contacts], origin, kind
            )
        reported = []
        for demo in DEMO_MEASURES:
            funding, amount, paper, decision = demo.money or (None, None, None, None)
            measure = await store.measures.add(
                origin,
                field_code=demo.field,
                title=demo.title,
                department=departments[demo.lead],
                goal_number=demo.goal,
                priority=demo.priority,
                deadline=(now + timedelta(days=demo.deadline_in_days)).date(),
                involved=[departments[code] for code in demo.involved],
                funding=funding,
                amount_cents=amount,
                council_paper=paper,
                decision=decision,
            )
            steps = len(demo.progress)
            for n, progress in enumerate(demo.progress):
                at = now - timedelta(days=2) - timedelta(weeks=2 * (steps - 1 - n))
                reported.append((at, measure.id, measure, progress))
        # recorded in the order they happened, as the bot would have recorded them
        for at, _, measure, progress in sorted(reported, key=lambda r: (r[0], r[1])):
            reporter = Origin(f"@anna:{SERVER_NAME}", at)
            text = DEMO_UPDATE.format(progress=progress)
            await store.updates.add(measure, reporter, text, "laufend", progress)
    await database.close()


DEMO_UPDATE = "Stand der Umsetzung: {progress} % erreicht"


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
