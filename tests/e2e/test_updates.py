"""Progress updates in a real room: record, show, history, edit, redact."""

from __future__ import annotations

import re

from tests.e2e.conftest import E2E, ON_BOTH_DATABASES, World
from tests.e2e.harness import new_measure, pages

pytestmark = [*E2E, ON_BOTH_DATABASES]


async def measure(world: World, title: str) -> str:
    """A new measure in HF2 with `title`; its id, e.g. "M7"."""
    return f"M{await new_measure(world.koordination, world.group_room, f'HF2 {title}')}"


async def test_staff_update_shows_in_measure_and_history(world: World) -> None:
    room = world.group_room
    mid = await measure(world, "Sprachkurse für Beschäftigte")
    reply = await world.anna.ask(
        room, f"!update {mid} Erste Kurse gestartet status=laufend fortschritt=20"
    )
    assert "laufend" in reply["body"] and "20 %" in reply["body"]
    shown = (await world.anna.ask(room, f"!massnahme {mid}"))["body"]
    assert "Status: laufend" in shown and "Fortschritt: 20 %" in shown
    shown_history = await world.anna.ask(room, f"!verlauf {mid}")
    history, history_html = shown_history["body"], shown_history["formatted_body"]
    assert "Sachstand: „Erste Kurse gestartet“ (laufend, 20 %)" in history
    assert "Anna Albers · Sachstand" in history and "@anna:localhost" not in history
    assert 'href="https://matrix.to/#/@anna:localhost">Anna Albers</a>' in history_html


async def test_edit_corrects_and_redaction_withdraws(world: World) -> None:
    room, anna = world.group_room, world.anna
    mid = await measure(world, "Fördermittelberatung")
    original = await anna.send(room, f"!update {mid} Beratung gestrtet 30%")
    await anna.reply_to(original)
    await anna.send(
        room,
        f"* !update {mid} Beratung gestartet 35%",
        **{
            "m.new_content": {"msgtype": "m.text", "body": f"!update {mid} Beratung gestartet 35%"},
            "m.relates_to": {"rel_type": "m.replace", "event_id": original},
        },
    )
    await anna.wait_for(lambda _: len(anna.replies_to(original)) == 2)
    correction = anna.replies_to(original)[1]["content"]["body"]
    assert "korrigiert" in correction and "30 % → 35 %" in correction
    history = (await anna.ask(room, f"!verlauf {mid}"))["body"]
    assert "Beratung gestrtet" in history and "Beratung gestartet" in history
    assert "[korrigiert]" in history

    await anna.client.room_redact(room, original, reason="falsch")
    await anna.wait_for(
        lambda received: any(
            e["room_id"] == room
            and "zurückgezogen" in e.get("content", {}).get("body", "")
            and re.search(rf"\b{mid}\b", e["content"]["body"])
            for e in received
        )
    )
    shown = (await anna.ask(room, f"!massnahme {mid}"))["body"]
    assert "Fortschritt: 0 %" in shown
    history = (await anna.ask(room, f"!verlauf {mid}"))["body"]
    assert "[korrigiert, zurückgezogen]" in history
    assert "Sachstand zurückgezogen" in history


async def test_deadline_phrase_is_shown_resolved(world: World) -> None:
    mid = await measure(world, "Europawoche")
    reply = await world.koordination.ask(world.group_room, f"!frist {mid} Ende März 2028")
    assert "Fr, 31.03.2028" in reply["body"]
    listing = await pages(world.anna, world.group_room, "!fristen tage=3650")
    assert any(re.search(rf"\b{mid} Europawoche\b", page) for page in listing), listing
