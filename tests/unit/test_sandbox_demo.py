"""The sandbox's demo catalogue: departments and partners, funding, and weeks of progress,
so that a new user's first `!bericht` and `!mittel` show what the bot is for."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from bot.config import load_config
from bot.sandbox import DEMO_MEASURES, seed_demo
from services.digest import build_digest
from storage.db import Database


async def test_the_demo_has_partners_funding_and_a_course_of_progress(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(
        '[matrix]\nhomeserver = "http://127.0.0.1:1"\nuser_id = "@europa-bot:localhost"\n'
        'password = "x"\n[bot]\nrooms = ["#europa-international:localhost"]\n'
        f'coordinators = ["@koordination:localhost"]\ndata_dir = "{tmp_path / "data"}"\n'
    )
    await seed_demo(config)
    settings = load_config(config)
    database = Database(settings.storage.url)
    await database.start(settings.fields, settings.goals)
    try:
        async with database.transaction() as store:
            partners = [d.code for d in await store.departments.all() if d.party_kind == "partner"]
            funded = await store.measures.needing_funds()
            digest = await build_digest(store, datetime.now(UTC), settings.bot.tz, 28, trend=True)
        assert sorted(partners) == ["HI", "HMTG"]
        assert [m.title for m in funded] == [
            m.title for m in DEMO_MEASURES if m.money and m.money[0] == "zusaetzlich"
        ]
        hf2 = next(f for f in digest.fields if f.code == "HF2")
        known = [value for value in hf2.trend if value is not None]
        assert len(known) == 12 and known[0] < known[-1]  # progress over twelve weeks
        assert hf2.updates  # the newest updates are in this week's digest
        # updates without a Matrix event (seeded, imported) know the status before them too
        assert hf2.status_changes == []
    finally:
        await database.close()
