"""Who may do what: every role against every command that changes something.

Power counts only from the coordinator list or the group room (the gateway reports the
sender's level there as `group_power`); an admin of any other room has no group power
and gets nothing. A refused command changes no table.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest

from tests.unit.conftest import COORDINATOR, Harness, snapshot

CONTACT = "@anna:example.org"
MEMBER = "@ben:example.org"
CHIEF = "@chefin:example.org"
STRANGER = "@gast:example.org"
FOREIGN_ADMIN = "@fremd:example.org"


@dataclass(frozen=True)
class Role:
    """A sender as the gateway would report it."""

    user_id: str
    group_power: int | None = None
    is_member: bool = True


ROLES = {
    "coordinator (listed)": Role(COORDINATOR),
    "coordinator (power 50 in the group room)": Role(CHIEF, group_power=50),
    "contact of the department": Role(CONTACT, group_power=0),
    "member of the room": Role(MEMBER, group_power=0),
    "stranger (not in the room)": Role(STRANGER, group_power=None, is_member=False),
    # power 100 in its own room; the gateway reports only group-room power, which it lacks
    "admin of a foreign room": Role(FOREIGN_ADMIN, group_power=None),
}
COORDINATORS = {"coordinator (listed)", "coordinator (power 50 in the group room)"}
CONTACTS = COORDINATORS | {"contact of the department"}
MEMBERS = CONTACTS | {"member of the room", "admin of a foreign room"}

# every command that changes something, and who may run it
CHANGES = [
    ("!massnahme neu HF1 Neue Maßnahme", COORDINATORS),
    ("!massnahme ändern M1 titel=Umbenannt", COORDINATORS),
    ("!fb neu FB99 Neuer Fachbereich", COORDINATORS),
    ("!fb FB18 raum=#fb18:example.org", COORDINATORS),
    ("!fb FB18 kontakt=@ben:example.org", COORDINATORS),
    ("!frist M1 31.12.2027", CONTACTS),
    ("!update M1 Es geht voran 30%", MEMBERS),
    ("!abwesend bis 31.12.2026", CONTACTS),
]


async def setup(bot: Harness) -> None:
    await bot.say(f"!fb neu FB18 Personal und Organisation kontakt={CONTACT}")
    await bot.say("!massnahme neu HF2 Sprachkurse fb=FB18 frist=31.03.2027")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("command", "allowed"), CHANGES)
async def test_who_may_change_what(
    bot: Harness, role: str, command: str, allowed: set[str]
) -> None:
    await setup(bot)
    sender = ROLES[role]
    before = await snapshot(bot.database)
    body = await bot.body(
        command, sender.user_id, group_power=sender.group_power, is_member=sender.is_member
    )
    after = await snapshot(bot.database)
    if role in allowed:
        assert "dürfen nur" not in body, body
        assert after != before
    else:
        assert "Diesen Befehl dürfen nur" in body, body
        assert after == before


@pytest.mark.parametrize("role", ROLES)
async def test_everyone_in_a_room_may_read(bot: Harness, role: str) -> None:
    await setup(bot)
    sender = ROLES[role]
    for command in ("!massnahme M1", "!massnahmen", "!fb FB18", "!fachbereiche", "!verlauf M1"):
        body = await bot.body(command, sender.user_id, group_power=sender.group_power)
        assert "dürfen nur" not in body


# what a redaction withdraws: the command, who sent it, and the word the notice says
WITHDRAWALS = [
    ("!update M1 Erster Stand 10%", MEMBER, "zurückgezogen"),
    ("!frist M1 30.06.2027", CONTACT, "zurückgenommen"),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("command", "author", "withdrawn"), WITHDRAWALS)
async def test_withdrawing_needs_the_author_or_a_coordinator(
    bot: Harness, role: str, command: str, author: str, withdrawn: str
) -> None:
    await setup(bot)
    await bot.say(command, author, group_power=0, event_id="$record")
    sender = ROLES[role]
    before = await snapshot(bot.database)
    notice = await bot.redact("$record", sender.user_id, group_power=sender.group_power)
    after = await snapshot(bot.database)
    if role in COORDINATORS or sender.user_id == author:
        assert notice is not None and withdrawn in notice
    else:
        assert notice is None and after == before


@pytest.mark.parametrize(("command", "author", "withdrawn"), WITHDRAWALS)
async def test_the_author_may_withdraw_an_own_record(
    bot: Harness, command: str, author: str, withdrawn: str
) -> None:
    await setup(bot)
    await bot.say(command, author, group_power=0, event_id="$own")
    notice = await bot.redact("$own", author, group_power=0)
    assert notice is not None and withdrawn in notice


async def test_an_edit_by_someone_else_is_ignored_even_by_a_contact(bot: Harness) -> None:
    await setup(bot)
    await bot.say("!frist M1 30.06.2027", COORDINATOR, event_id="$koord")
    before = await snapshot(bot.database)
    assert await bot.edit("$koord", "!frist M1 31.12.2030", CONTACT, author=COORDINATOR) is None
    assert await snapshot(bot.database) == before


async def test_an_edit_of_a_plain_message_by_someone_else_runs_nothing(bot: Harness) -> None:
    await setup(bot)
    before = await snapshot(bot.database)
    edited = await bot.edit(
        "$chat", "!update M1 Fertig status=abgeschlossen", COORDINATOR, author=MEMBER
    )
    assert edited is None
    assert await snapshot(bot.database) == before


# --- deputies: the rights of a contact who is away pass to their deputy meanwhile ---------

DEPUTY = "@vertretung:example.org"


@pytest.mark.parametrize(
    ("day", "allowed"),
    [
        (date(2026, 11, 25), True),
        (date(2026, 12, 11), True),  # the last day of the absence
        (date(2026, 12, 12), False),  # it ended by itself
        (date(2026, 12, 14), False),
    ],
)
async def test_a_deputy_may_set_deadlines_while_the_contact_is_away(
    bot: Harness, day: date, allowed: bool
) -> None:
    await setup(bot)
    assert "dürfen nur" in await bot.body("!frist M1 31.12.2027", DEPUTY, group_power=0)
    await bot.say(f"!abwesend bis 11.12.2026 vertretung={DEPUTY}", CONTACT, group_power=0)
    bot.clock.now = datetime(day.year, day.month, day.day, 22, 0, tzinfo=UTC)  # 23:00 in Berlin
    before = await snapshot(bot.database)
    body = await bot.body("!frist M1 31.12.2027", DEPUTY, group_power=0)
    if allowed:
        assert body.startswith("📅 Frist von M1 auf Fr, 31.12.2027 gesetzt"), body
    else:
        assert body == (
            "Diesen Befehl dürfen nur Koordinatorinnen und Koordinatoren sowie die "
            "Kontaktpersonen des zuständigen Fachbereichs (und ihre Vertretung, solange sie "
            "abwesend sind) verwenden."
        )
        assert await snapshot(bot.database) == before


async def test_the_deputy_loses_the_right_when_the_contact_is_back(bot: Harness) -> None:
    await setup(bot)
    await bot.say(f"!abwesend bis 11.12.2026 vertretung={DEPUTY}", CONTACT, group_power=0)
    await bot.say("!zurück", CONTACT, group_power=0)
    assert "dürfen nur" in await bot.body("!frist M1 31.12.2027", DEPUTY, group_power=0)


async def test_a_deputy_for_another_department_gains_nothing_here(bot: Harness) -> None:
    await setup(bot)
    await bot.say(f"!fb neu FB19 Andere kontakt={MEMBER}")
    await bot.say(f"!abwesend bis 11.12.2026 vertretung={DEPUTY}", MEMBER, group_power=0)
    assert "dürfen nur" in await bot.body("!frist M1 31.12.2027", DEPUTY, group_power=0)
