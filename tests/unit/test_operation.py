"""What the operator runs beside the bot: the backup command and the systemd unit."""

from __future__ import annotations

import asyncio
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from bot.__main__ import main
from bot.config import load_config
from bot.operator_tools import backup_file
from plan.audit import Origin
from plan.vocabulary import DEFAULT_FIELDS, DEFAULT_GOALS
from storage.db import Database
from tests.unit.conftest import NOW
from tests.unit.test_config import MINIMAL

UNIT = Path(__file__).parents[2] / "contrib" / "europa-bot.service"


def config_for(tmp_path: Path, url: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(MINIMAL + f'[storage]\nurl = "{url}"\n')
    return path


async def test_a_backup_taken_while_the_bot_writes_restores_every_committed_change(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    live = tmp_path / "bot.db"
    database = Database(f"sqlite+aiosqlite:///{live}")
    await database.start(DEFAULT_FIELDS, DEFAULT_GOALS)
    origin = Origin("@koordination:example.org", NOW)
    try:
        async with database.transaction() as store:
            await store.measures.add(origin, field_code="HF1", title="Gesichert")
        config = load_config(config_for(tmp_path, f"sqlite+aiosqlite:///{live}"), environ={})
        target = tmp_path / "sicherung.db"
        # the bot holds its database open, mid-transaction, while the backup runs
        async with database.transaction() as store:
            await store.measures.add(origin, field_code="HF2", title="Noch offen")
            assert await backup_file(config, target) == 0
    finally:
        await database.close()
    assert capsys.readouterr().out.strip() == f"Sicherung der Datenbank nach {target} geschrieben."
    # and as the operator types it (it runs its own event loop, so in a thread)
    by_hand = tmp_path / "von-hand.db"
    argv = ["backup", "-c", str(tmp_path / "config.toml"), str(by_hand)]
    assert await asyncio.to_thread(main, argv) == 0
    assert by_hand.exists()
    assert not target.with_name(target.name + ".partial").exists()
    with sqlite3.connect(target) as check:
        assert check.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    # restore as the README says: stop the bot, put the copy in place, start it
    restored = tmp_path / "restored.db"
    shutil.copy(target, restored)
    again = Database(f"sqlite+aiosqlite:///{restored}")
    await again.start(DEFAULT_FIELDS, DEFAULT_GOALS)
    try:
        async with again.transaction() as store:
            first, unfinished = await store.measures.get(1), await store.measures.get(2)
            trail = await store.changes.for_measure(1)
    finally:
        await again.close()
    assert first is not None and first.title == "Gesichert" and len(trail) == 1
    assert unfinished is None  # not committed when the copy was taken


async def test_backup_of_postgresql_points_to_pg_dump(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = load_config(
        config_for(tmp_path, "postgresql+asyncpg://bot@127.0.0.1/europa"), environ={}
    )
    assert await backup_file(config, tmp_path / "x.db") == 2
    assert "pg_dump" in capsys.readouterr().err
    assert not (tmp_path / "x.db").exists()


async def test_backup_of_a_missing_database_fails_clearly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'fehlt.db'}"
    config = load_config(config_for(tmp_path, url), environ={})
    assert await backup_file(config, tmp_path / "x.db") == 1
    assert capsys.readouterr().err.startswith("Sicherung fehlgeschlagen: ")


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="no systemd-analyze here")
def test_the_systemd_unit_verifies(tmp_path: Path) -> None:
    # verify needs an executable ExecStart: the europa-bot script of this environment
    script = Path(sys.executable).parent / "europa-bot"
    unit = tmp_path / "europa-bot.service"
    unit.write_text(UNIT.read_text().replace("/opt/europa-bot/.venv/bin/europa-bot", str(script)))
    result = subprocess.run(
        ["systemd-analyze", "verify", str(unit)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == "", result.stderr
