"""Measure and department commands against a real SQLite file."""

from __future__ import annotations

from sqlalchemy import func, select

from bot.events import IncomingMessage
from storage.models import Change, Measure
from tests.unit.conftest import COORDINATOR, ROOM, STAFF, Harness

CREATE = "!massnahme neu HF2 Sprachkurse für Beschäftigte fb=FB18 frist=31.03.2027"


async def count(bot: Harness, model: type) -> int:
    async with bot.database.transaction() as store:
        return int(await store.session.scalar(select(func.count()).select_from(model)) or 0)


async def test_coordinator_creates_a_measure_and_sees_its_id_and_date(bot: Harness) -> None:
    await bot.say("!fb neu FB18 Personal und Organisation kontakt=@anna:example.org")
    body = await bot.body(CREATE)
    assert "M1" in body
    assert "31.03.2027" in body
    assert "Mi, 31.03.2027" in body
    assert "FB18" in body
    assert "2" in await bot.body("!massnahme neu HF1 Zweite")


async def test_staff_cannot_create_and_nothing_is_written(bot: Harness) -> None:
    await bot.say("!fb neu FB18 Personal")
    body = await bot.body(CREATE, STAFF)
    assert "Koordinatorinnen und Koordinatoren" in body
    assert await count(bot, Measure) == 0


async def test_room_power_level_50_counts_as_coordinator(bot: Harness) -> None:
    body = await bot.body("!massnahme neu HF1 Partnerschaften", STAFF, group_power=50)
    assert "M1" in body


async def test_show_measure_has_all_facts(bot: Harness) -> None:
    await bot.say("!fb neu FB18 Personal und Organisation")
    await bot.say(CREATE + " prio=kurz ziel=2")
    body = await bot.body("!massnahme m-1", STAFF)
    for fact in (
        "M1",
        "Sprachkurse für Beschäftigte",
        "HF2 Internationalisierung",
        "FB18 – Personal und Organisation",
        "geplant",
        "0 %",
        "Mi, 31.03.2027",
        "in 126 Tagen",
        "kurzfristig",
        "2 Förderung des interkulturellen",
    ):
        assert fact in body, fact


async def test_unknown_measure_is_named(bot: Harness) -> None:
    body = await bot.body("!massnahme M99")
    assert "M99 gibt es nicht" in body


async def test_edit_lists_before_and_after_and_records_the_trail(bot: Harness) -> None:
    await bot.say("!fb neu FB18 Personal")
    await bot.say("!fb neu Dez-III Kultur")
    await bot.say(CREATE)
    body = await bot.body('!massnahme ändern M1 titel="Englischkurse" fb=dez-iii hf=HF3')
    assert "Sprachkurse für Beschäftigte → Englischkurse" in body
    assert "FB18 → Dez-III" in body
    assert "HF2 → HF3" in body
    async with bot.database.transaction() as store:
        trail = await store.changes.for_measure(1)
    assert [c.kind for c in trail] == ["created", "edited"]
    assert trail[1].actor == COORDINATOR
    assert trail[1].details["before"]["title"] == "Sprachkurse für Beschäftigte"
    assert trail[1].event_id is not None


async def test_edit_without_changes(bot: Harness) -> None:
    await bot.say("!massnahme neu HF1 Titel")
    assert "nichts zu ändern" in await bot.body("!massnahme aendern M1")
    assert "nichts geändert" in await bot.body("!massnahme ändern M1 titel=Titel")


async def test_staff_cannot_edit(bot: Harness) -> None:
    await bot.say("!massnahme neu HF1 Titel")
    await bot.say("!massnahme ändern M1 titel=Anders", STAFF)
    assert "Titel" in await bot.body("!massnahme M1")
    assert await count(bot, Change) == 1


async def test_list_filters(bot: Harness) -> None:
    await bot.say("!fb neu FB18 Personal")
    await bot.say("!massnahme neu HF1 Erste fb=FB18 frist=30.11.2026")
    await bot.say("!massnahme neu HF2 Zweite")
    await bot.say("!massnahme neu HF2 Dritte fb=FB18")
    assert "3 Maßnahmen" in await bot.body("!massnahmen", STAFF)
    hf2 = await bot.body("!massnahmen HF2")
    assert "M2" in hf2 and "M3" in hf2 and "M1 " not in hf2
    fb = await bot.body("!massnahmen fb=fb18")
    assert "M1" in fb and "M3" in fb and "M2" not in fb
    assert "Keine Maßnahmen" in await bot.body("!massnahmen status=laufend")
    bot.clock.now = bot.clock.now.replace(month=12, day=2)
    overdue = await bot.body("!maßnahmen überfällig")
    assert "M1" in overdue and "M2" not in overdue


async def test_long_lists_come_in_pages(bot: Harness) -> None:
    for n in range(35):
        await bot.say(f"!massnahme neu HF1 Maßnahme {n}")
    body = await bot.body("!massnahmen HF1")
    assert "35 Maßnahmen (HF1)" in body
    assert "M25 " in body and "M26 " not in body
    assert body.endswith("… 10 weitere Einträge: !massnahmen HF1 seite=2")
    second = await bot.body("!massnahmen HF1 seite=2")
    assert "M26 " in second and "M35 " in second and "M25 " not in second
    assert "weitere" not in second
    assert "Seite 3 gibt es nicht" in await bot.body("!massnahmen HF1 seite=3")


async def test_bad_input_gets_a_german_error_and_changes_nothing(bot: Harness) -> None:
    cases = {
        "!massnahme neu HF9 Titel": "HF9 gibt es nicht",
        "!massnahme neu HF2": "Es fehlt: <Titel>",
        "!massnahme neu Titel ohne Feld": "kein Handlungsfeld",
        "!massnahme neu HF2 Titel fb=FB99": "„FB99“ gibt es nicht",
        "!massnahme neu HF2 Titel frist=31.02.2027": "nicht als Datum",
        "!massnahme neu HF2 Titel frist=01.01.2020": "in der Vergangenheit",
        "!massnahme neu HF2 Titel frsit=31.03.2027": "Unbekannte Angabe „frsit=“",
        "!massnahme neu HF2 Titel prio=bald": "keine Vordringlichkeit",
        "!massnahme neu HF2 Titel ziel=7": "Oberziel 7 gibt es nicht",
        "!massnahme neu HF2 Titel fb=A fb=B": "doppelt",
        "!massnahme neu HF2 Titel fb=": "braucht einen Wert",
        "!massnahme neu HF2 " + "x" * 300: "höchstens 200 Zeichen",
        "!massnahme neu HF2 \u200b\u200b": "nicht leer",
        '!massnahme neu HF2 "Titel': "Anführungszeichen",
        "!massnahme " + "M1 " * 2000: "zu lang",
    }
    for text, expected in cases.items():
        body = await bot.body(text)
        assert expected in body, (text, body)
    assert await count(bot, Measure) == 0
    assert await count(bot, Change) == 0


async def test_usage_error_shows_the_correct_form(bot: Harness) -> None:
    body = await bot.body("!massnahme neu HF2")
    assert (
        "Richtig: !massnahme neu HF<n> <Titel> [fb=] [beteiligt=] [frist=] [prio=] [ziel=] "
        "[mittel=] [betrag=] [drucksache=] [beschluss=]"
    ) in body
    group = await bot.body("!massnahme")
    assert "!massnahme <ID>" in group and "!massnahme ändern <ID>" in group


async def test_user_text_is_escaped_in_html(bot: Harness) -> None:
    content = await bot.say("!massnahme neu HF1 <script>alert(1)</script> & <b>@room</b>")
    assert "<script" not in content["formatted_body"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;" in content["formatted_body"]
    assert content["m.mentions"] == {"user_ids": []}


async def test_odd_unicode_is_cleaned(bot: Harness) -> None:
    await bot.say("!massnahme neu HF1 Partner\u200bschaft\u202e mit Cafe\u0301s")
    assert "Partnerschaft mit Cafés" in await bot.body("!massnahme M1")


async def test_departments(bot: Harness) -> None:
    body = await bot.body(
        "!fb neu FB18 Personal und Organisation raum=#fb18:example.org "
        "kontakt=@anna:example.org,@ben:example.org"
    )
    assert "FB18" in body and "@ben:example.org" in body
    assert "gibt es schon" in await bot.body("!fb neu fb18 Doppelt")
    edit = await bot.body("!fb FB18 kontakt=@carla:example.org raum=-")
    assert "@anna:example.org, @ben:example.org → @carla:example.org" in edit
    assert "#fb18:example.org → –" in edit
    listing = await bot.body("!fachbereiche", STAFF)
    assert "FB18 – Personal und Organisation · @carla:example.org" in listing
    assert "@carla:example.org" in await bot.body("!fb fb18", STAFF)
    assert "Koordinatorinnen" in await bot.body("!fb FB18 raum=#x:example.org", STAFF)
    await bot.say("!fb neu OE18.62 Ohne Kontakt")
    assert "ohne Kontakt" in await bot.body("!fachbereiche")


async def test_unknown_command_suggests_a_close_one_and_ignores_others(bot: Harness) -> None:
    assert "Meinten Sie !massnahmen?" in await bot.body("!massnahmn")
    assert "Meinten Sie !update?" in await bot.body("!updat M1 Text")
    # a word far from every command may belong to another bot in the room: no answer
    for text in ("!quatsch", "!ping", "!weather Hannover", "!"):
        message = IncomingMessage(ROOM, f"$fremd-{text}", COORDINATOR, text)
        assert await bot.dispatcher.handle(message) is None, text


async def test_english_aliases(bot: Harness) -> None:
    assert "M1" in await bot.body("!measure new HF1 Partnership strategy deadline=31.12.2027")
    assert "Partnership strategy" in await bot.body("!measure M1")
    assert "1 Maßnahme\n" in await bot.body("!measures")
