"""The audit trail: typed details keep today's JSON, and `!verlauf` words every kind."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.dispatch import Dispatcher
from bot.events import IncomingReaction
from commands import build_registry
from plan.audit import (
    ChangeKind,
    DepartmentCreated,
    Details,
    Diff,
    MeasureCreated,
    Origin,
    ReminderAcknowledged,
    UpdateRecorded,
    UpdateWithdrawn,
    details_of,
)
from services.reminders import ReminderService
from storage.db import Database
from storage.models import Change, OutboxMessage
from storage.repositories.audit import record
from tests.unit.conftest import COORDINATOR, ROOM, STAFF, Clock, Harness, make_settings

BERLIN = ZoneInfo("Europe/Berlin")

# one example of every kind, with the JSON the `changes` table holds for it
EXAMPLES: list[tuple[Details, dict[str, Any]]] = [
    (
        MeasureCreated(
            "HF2",
            "Sprachkurse",
            "FB18",
            2,
            "kurz",
            date(2027, 3, 31),
            involved=("HMTG",),
            funding="zusaetzlich",
            amount_cents=2_500_000,
            council_paper="1234/2026",
            decision="offen",
            status="laufend",
            progress=20,
        ),
        {
            "field": "HF2",
            "title": "Sprachkurse",
            "department": "FB18",
            "goal": 2,
            "priority": "kurz",
            "deadline": "2027-03-31",
            "involved": ["HMTG"],
            "funding": "zusaetzlich",
            "amount_cents": 2_500_000,
            "council_paper": "1234/2026",
            "decision": "offen",
            "status": "laufend",
            "progress": 20,
        },
    ),
    (
        Diff(ChangeKind.EDITED, {"title": "Alt"}, {"title": "Neu"}),
        {"before": {"title": "Alt"}, "after": {"title": "Neu"}},
    ),
    *(
        (
            Diff(kind, {"deadline": "2027-03-31"}, {"deadline": "2027-06-30"}),
            {"before": {"deadline": "2027-03-31"}, "after": {"deadline": "2027-06-30"}},
        )
        for kind in (
            ChangeKind.DEADLINE,
            ChangeKind.DEADLINE_CORRECTED,
            ChangeKind.DEADLINE_WITHDRAWN,
        )
    ),
    (
        UpdateRecorded(7, "Kurse laufen", "laufend", 40, "geplant", 0),
        {
            "update_id": 7,
            "text": "Kurse laufen",
            "status": "laufend",
            "progress": 40,
            "before": {"status": "geplant", "progress": 0},
        },
    ),
    (
        Diff(ChangeKind.UPDATE_CORRECTED, {"text": "Kurse"}, {"text": "Kurse laufen"}, 7),
        {"before": {"text": "Kurse"}, "after": {"text": "Kurse laufen"}, "update_id": 7},
    ),
    (
        UpdateWithdrawn(7, "Kurse laufen"),
        {"update_id": 7, "text": "Kurse laufen"},
    ),
    (
        DepartmentCreated("HMTG", "Marketing", None, ("@anna:example.org",), "partner"),
        {
            "code": "HMTG",
            "name": "Marketing",
            "room": None,
            "contacts": ["@anna:example.org"],
            "party_kind": "partner",
        },
    ),
    (
        Diff(ChangeKind.DEPARTMENT_EDITED, {"name": "Personal"}, {"name": "Personal und Org"}),
        {"before": {"name": "Personal"}, "after": {"name": "Personal und Org"}},
    ),
    (
        ReminderAcknowledged("d3", date(2027, 3, 31)),
        {"stage": "d3", "deadline": "2027-03-31"},
    ),
]


def test_the_examples_cover_every_kind() -> None:
    assert {details.kind for details, _ in EXAMPLES} == set(ChangeKind)


@pytest.mark.parametrize(("details", "stored"), EXAMPLES, ids=lambda v: getattr(v, "kind", ""))
def test_details_keep_todays_json_and_read_back(details: Details, stored: dict[str, Any]) -> None:
    assert details.to_json() == stored
    assert details_of(details.kind, stored) == details
    # the edit or redaction that caused a change is kept beside the details
    assert details_of(details.kind, stored | {"via_event_id": "$edit"}) == details


def test_details_written_before_money_and_partners_read_as_they_were() -> None:
    created = {"field": "HF2", "title": "Sprachkurse", "department": "FB18", "deadline": None}
    assert details_of("created", created) == MeasureCreated("HF2", "Sprachkurse", "FB18")
    department = {"code": "FB18", "name": "Personal", "room": None, "contacts": []}
    assert details_of("department_created", department) == DepartmentCreated("FB18", "Personal")


@pytest.mark.parametrize(
    ("kind", "stored", "expected"),
    [
        # rows of the benchmark seed and of older versions lack "before" and "progress"
        (
            "update",
            {"update_id": 3, "text": "Sachstand 3", "status": "laufend"},
            UpdateRecorded(3, "Sachstand 3", "laufend"),
        ),
        ("created", {"field": "HF1", "title": "T"}, MeasureCreated("HF1", "T")),
        ("deadline", {"before": {"deadline": None}, "after": {"deadline": "2027-01-04"}}, None),
    ],
)
def test_reading_is_tolerant_of_older_rows(
    kind: str, stored: dict[str, Any], expected: Details | None
) -> None:
    details = details_of(kind, stored)
    if expected is not None:
        assert details == expected
    else:
        assert isinstance(details, Diff)
        assert details.deadline_before is None and details.deadline_after == date(2027, 1, 4)


def test_an_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError):
        details_of("renamed", {})


def english(bot: Harness) -> Harness:
    """The same database and clock, answering in English."""
    dispatcher = Dispatcher(build_registry(), bot.database, make_settings("en"), bot.clock)
    return Harness(bot.database, dispatcher, bot.clock, itertools.count(1000))


async def record_every_kind(database: Database, clock: Clock) -> None:
    """One change of every kind on M1, as the repositories record them."""
    origin = Origin(COORDINATOR, clock.now, "$example", ROOM)
    async with database.transaction() as store:
        for details, _ in EXAMPLES:
            record(store.session, origin, details, measure_id=1)


@pytest.mark.parametrize("language", ["de", "en"])
async def test_every_kind_is_worded_in_both_languages(bot: Harness, language: str) -> None:
    await bot.say("!massnahme neu HF2 Sprachkurse")
    await record_every_kind(bot.database, bot.clock)
    speaker = english(bot) if language == "en" else bot
    body = await speaker.body("!verlauf M1 seite=1")
    lines = [line for line in body.splitlines() if line.startswith("• ")]
    assert len(lines) == 1 + len(EXAMPLES)
    for line in lines:
        assert "_" not in line  # no raw kind such as "reminder_acknowledged"
        assert not any(line.endswith(f"· {kind}") for kind in ChangeKind)
    ack = "Erinnerung „3 Tage vor der Frist“" if language == "de" else "reminder “3 days before"
    assert ack in body


async def test_a_tick_on_a_reminder_shows_in_the_history(bot: Harness) -> None:
    await bot.say("!fb neu FB18 Personal kontakt=@anna:example.org")
    await bot.say("!massnahme neu HF2 Sprachkurse fb=FB18 frist=31.03.2027")
    moment = datetime(2027, 3, 17, 9, 0, tzinfo=BERLIN)
    bot.clock.now = moment.astimezone(UTC)
    assert await ReminderService(bot.database, make_settings()).run(moment) == 1
    async with bot.database.transaction() as store:
        message = (await store.session.scalars(select(OutboxMessage))).all()[-1]
        await store.outbox.mark_sent(message.id, "$reminder", datetime.now(UTC))
    bot.clock.now = datetime(2027, 3, 17, 10, 5, tzinfo=BERLIN).astimezone(UTC)
    await bot.dispatcher.handle_reaction(IncomingReaction(ROOM, "$tick", STAFF, "$reminder", "✅"))
    async with bot.database.transaction() as store:
        kinds = [c.kind for c in (await store.session.scalars(select(Change))).all()]
    assert ChangeKind.REMINDER_ACKNOWLEDGED in kinds
    history = await bot.body("!verlauf M1")
    assert (
        f"17.03.2027 10:05 · {STAFF} · Erinnerung „14 Tage vor der Frist“ zur Kenntnis "
        "genommen (Frist Mi, 31.03.2027)"
    ) in history
    assert "reminder_acknowledged" not in history
    shown = await english(bot).body("!history M1")
    assert "reminder “14 days before the deadline” acknowledged (deadline Wed, 31.03.2027)" in shown


@pytest.mark.parametrize(
    ("language", "command", "named"),
    [
        ("de", "!massnahme neu HF1 Bleibt", "„!massnahme neu“"),
        ("en", "!measure new HF1 Stays", "“!measure new”"),
        ("de", "!fb neu FB18 Personal", "„!fb neu“"),
        ("en", "!department new FB18 Staff", "“!department new”"),
    ],
)
async def test_a_redacted_record_names_its_command_in_the_reply_language(
    bot: Harness, language: str, command: str, named: str
) -> None:
    speaker = english(bot) if language == "en" else bot
    await speaker.say(command, event_id="$kept")
    body = await speaker.redact("$kept")
    assert body is not None and named in body


def test_an_update_reported_at_another_time_keeps_both_times() -> None:
    reported = datetime(2026, 10, 1, 12, tzinfo=UTC)
    details = UpdateRecorded(7, "Aus der Tabelle", "laufend", 60, reported_at=reported)
    assert details.to_json()["reported_at"] == "2026-10-01T12:00:00+00:00"
    assert details_of("update", details.to_json()) == details
