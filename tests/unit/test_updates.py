"""Progress updates, deadlines, the audit trail, and corrections by edit and redaction."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from plan.vocabulary import status_for
from storage.models import Change, Update
from tests.unit.conftest import COORDINATOR, STAFF, Harness
from tests.unit.test_texts import in_language

BEN = "@ben:example.org"


async def setup(bot: Harness) -> None:
    await bot.say("!fb neu FB18 Personal kontakt=@anna:example.org")
    await bot.say("!massnahme neu HF2 Sprachkurse für Beschäftigte fb=FB18 frist=31.03.2027")


async def count(bot: Harness, model: type) -> int:
    async with bot.database.transaction() as store:
        return int(await store.session.scalar(select(func.count()).select_from(model)) or 0)


async def test_staff_records_an_update_and_the_measure_follows(bot: Harness) -> None:
    await setup(bot)
    body = await bot.body("!update M1 Erste Kurse gestartet status=laufend fortschritt=20", BEN)
    assert "M1" in body and "laufend" in body and "20 %" in body
    assert "vorher: geplant · 0 %" in body
    shown = await bot.body("!massnahme M1", BEN)
    assert "Status: laufend" in shown and "Fortschritt: 20 %" in shown
    assert "Erste Kurse gestartet (laufend, 20 %)" in shown and BEN in shown
    history = await bot.body("!verlauf M1")
    assert "Sachstand: „Erste Kurse gestartet“ (laufend, 20 %)" in history
    assert BEN in history


async def test_update_forms(bot: Harness) -> None:
    await setup(bot)
    assert "40 %" in await bot.body("!sachstand m-1 Ausschreibung läuft 40%")
    assert "45 %" in await bot.body("!update M1 weiter 45 %".replace(" %", "%"))
    assert "verzögert" in await bot.body("!update M1 Personal fehlt status=verzoegert")
    assert "verzögert" in await bot.body("!massnahme M1")  # status kept, progress kept
    assert "45 %" in await bot.body("!massnahme M1")
    done = await bot.body("!update M1 Fertig status=abgeschlossen")
    assert "abgeschlossen" in done and "100 %" in done
    assert "in progress" not in done
    assert "laufend" in await bot.body("!update M1 wieder offen status=in_progress")


async def test_update_bad_input(bot: Harness) -> None:
    await setup(bot)
    cases = {
        "!update M9 Text": "M9 gibt es nicht",
        "!update M1": "Es fehlt: <Text>",
        "!update Text ohne ID": "keine Maßnahmen-ID",
        "!update M1 Text status=fertig": "kein Status. Möglich: geplant, laufend",
        "!update M1 Text fortschritt=140": "kein Fortschritt",
        "!update M1 Text fortschritt=-5": "kein Fortschritt",
        "!update M1 Text 150%": "kein Fortschritt",
        "!update M1 Text 20% fortschritt=30": "doppelt",
        "!update M1 " + "x" * 1200: "höchstens 1000 Zeichen",
    }
    for text, expected in cases.items():
        body = await bot.body(text, BEN)
        assert expected in body, (text, body)
    assert await count(bot, Update) == 0


async def test_edit_corrects_the_update_and_keeps_both_versions(bot: Harness) -> None:
    await setup(bot)
    await bot.say("!update M1 Erste Kurse gestrtet status=laufend 20%", BEN, event_id="$u1")
    body = await bot.edit("$u1", "!update M1 Erste Kurse gestartet status=laufend 25%", BEN)
    assert body is not None and "korrigiert" in body
    assert "„Erste Kurse gestrtet“ → „Erste Kurse gestartet“" in body
    assert "20 % → 25 %" in body
    assert "25 %" in await bot.body("!massnahme M1")
    history = await bot.body("!verlauf M1")
    assert "Sachstand: „Erste Kurse gestrtet“ (laufend, 20 %) [korrigiert]" in history
    assert "Sachstand korrigiert: Text: „Erste Kurse gestrtet“ → „Erste Kurse gestartet“" in history
    assert await count(bot, Update) == 1


async def test_only_the_authors_edit_counts(bot: Harness) -> None:
    await setup(bot)
    await bot.say("!update M1 Original 20%", BEN, event_id="$u1")
    assert await bot.edit("$u1", "!update M1 Gefälscht 90%", STAFF, author=BEN) is None
    assert "20 %" in await bot.body("!massnahme M1")


async def test_an_edit_of_a_refused_command_runs_it(bot: Harness) -> None:
    await setup(bot)
    await bot.say("!update M1 Text status=fertig", BEN, event_id="$typo")
    body = await bot.edit("$typo", "!update M1 Text status=abgeschlossen", BEN)
    assert body is not None and "gespeichert" in body
    again = await bot.edit("$typo", "!update M1 Text richtig status=abgeschlossen", BEN)
    assert again is not None and "korrigiert" in again
    assert await count(bot, Update) == 1


async def test_an_edit_to_another_measure_is_refused(bot: Harness) -> None:
    await setup(bot)
    await bot.say("!massnahme neu HF1 Zweite")
    await bot.say("!update M1 Text 20%", BEN, event_id="$u1")
    body = await bot.edit("$u1", "!update M2 Text 20%", BEN)
    assert body is not None and "dieselbe Maßnahme (M1)" in body


async def test_edits_of_catalogue_commands_are_explained(bot: Harness) -> None:
    await bot.say("!massnahme neu HF1 Tippfeler", event_id="$m1")
    body = await bot.edit("$m1", "!massnahme neu HF1 Tippfehler")
    assert body is not None and "Bearbeitungen dieses Befehls übernehme ich nicht" in body
    assert "Tippfeler" in await bot.body("!massnahme M1")


async def test_redaction_withdraws_the_update(bot: Harness) -> None:
    await setup(bot)
    await bot.say("!update M1 Erster Stand status=laufend 20%", BEN, event_id="$u1")
    await bot.say("!update M1 Zweiter Stand 50%", BEN, event_id="$u2")
    body = await bot.redact("$u2", BEN)
    assert body is not None and "zurückgezogen" in body and "20 %" in body
    shown = await bot.body("!massnahme M1")
    assert "Fortschritt: 20 %" in shown and "Zweiter Stand" not in shown
    history = await bot.body("!verlauf M1")
    assert "Sachstand: „Zweiter Stand“ (50 %) [zurückgezogen]" in history
    assert "Sachstand zurückgezogen: „Zweiter Stand“" in history
    assert await bot.redact("$u2", BEN) is None  # twice is nothing
    await bot.redact("$u1", STAFF)  # someone else: not withdrawn
    assert "Status: laufend" in await bot.body("!massnahme M1")
    await bot.redact("$u1", COORDINATOR)  # coordinators may
    assert "Status: geplant" in await bot.body("!massnahme M1")


async def test_redacting_a_created_measure_keeps_it_and_says_so(bot: Harness) -> None:
    await bot.say("!massnahme neu HF1 Bleibt", event_id="$m1")
    body = await bot.redact("$m1")
    assert body is not None and "nicht rückgängig" in body
    assert "Bleibt" in await bot.body("!massnahme M1")
    assert await bot.redact("$kein-befehl") is None


async def test_deadline_by_coordinator_and_contact_not_others(bot: Harness) -> None:
    await setup(bot)
    body = await bot.body("!frist M1 Ende März 2028")
    assert "Frist von M1 auf Fr, 31.03.2028 gesetzt" in body
    assert "vorher: Mi, 31.03.2027" in body
    assert "Fr, 31.03.2028" in await bot.body("!frist m1 31.03.2028", STAFF)  # a contact
    refused = await bot.body("!frist M1 31.12.2028", BEN)
    assert "Kontaktpersonen des zuständigen Fachbereichs" in refused
    history = await bot.body("!verlauf M1")
    assert f"{COORDINATOR} · Frist: Mi, 31.03.2027 → Fr, 31.03.2028" in history


async def test_deadline_phrases_and_questions(bot: Harness) -> None:
    await setup(bot)
    assert "Fr, 27.11.2026" in await bot.body("!frist M1 nächsten Freitag")
    assert "Fr, 26.03.2027" in await bot.body("!frist M1 KW 12")
    past = await bot.body("!frist M1 01.01.2026")
    assert "liegt in der Vergangenheit" in past
    assert "Anfang, Mitte oder Ende" in await bot.body("!frist M1 März")
    assert "Es fehlt: <Datum>" in await bot.body("!frist M1")
    assert "Fr, 26.03.2027" in await bot.body("!massnahme M1")


async def test_deadline_edit_and_redaction(bot: Harness) -> None:
    await setup(bot)
    await bot.say("!frist M1 30.06.2027", event_id="$f1")
    body = await bot.edit("$f1", "!frist M1 30.09.2027")
    assert body is not None and "Mi, 30.06.2027 → Do, 30.09.2027" in body
    withdrawn = await bot.redact("$f1")
    assert withdrawn is not None and "wieder: Mi, 31.03.2027" in withdrawn
    assert "Mi, 31.03.2027" in await bot.body("!massnahme M1")
    history = await bot.body("!verlauf M1")
    assert "korrigiert – Frist: Mi, 30.06.2027 → Do, 30.09.2027" in history
    assert "zurückgenommen – Frist: Do, 30.09.2027 → Mi, 31.03.2027" in history


async def test_deadline_withdrawal_after_a_later_move_keeps_the_later(bot: Harness) -> None:
    await setup(bot)
    await bot.say("!frist M1 30.06.2027", event_id="$f1")
    await bot.say("!frist M1 30.09.2027", event_id="$f2")
    body = await bot.redact("$f1")
    assert body is not None and "bleibt: Do, 30.09.2027" in body


async def test_deadlines_list(bot: Harness) -> None:
    await setup(bot)
    await bot.say("!massnahme neu HF1 Bald fällig frist=05.12.2026")
    await bot.say("!massnahme neu HF1 Erledigt frist=01.12.2026")
    await bot.say("!update M3 fertig status=abgeschlossen")
    bot.clock.now = bot.clock.now.replace(month=12, day=10)
    body = await bot.body("!fristen tage=100", BEN)
    assert "Überfällig (1)" in body and "M2 Bald fällig" in body and "seit 5 Tagen" in body
    assert "In den nächsten" not in body  # an empty section is left out
    assert "M3" not in body  # done
    assert "M1" not in body  # 31.03.2027 is 111 days away
    body = await bot.body("!fristen tage=120")
    assert "In den nächsten 120 Tagen (1)" in body and "M1 Sprachkurse" in body
    assert "keine Zahl von 1 bis 3650" in await bot.body("!fristen tage=0")


async def test_long_history_is_paged(bot: Harness) -> None:
    await setup(bot)
    for n in range(20):
        await bot.say(f"!update M1 Schritt {n} {n}%", BEN)
    first = await bot.body("!verlauf M1")
    assert "(21 Einträge)" in first
    assert "Schritt 19" in first and "Schritt 4 " not in first
    assert "6 ältere Einträge: !verlauf M1 seite=2" in first
    second = await bot.body("!verlauf M1 seite=2")
    assert "angelegt: „Sprachkurse für Beschäftigte“" in second and "Schritt 0" in second
    assert "Seite 3 gibt es nicht" in await bot.body("!verlauf M1 seite=3")


async def test_every_change_has_its_origin(bot: Harness) -> None:
    await setup(bot)
    await bot.say("!update M1 Text 10%", BEN, event_id="$u1")
    await bot.edit("$u1", "!update M1 Text 15%", BEN)
    async with bot.database.transaction() as store:
        changes = (await store.session.scalars(select(Change))).all()
    assert all(c.actor and c.at and c.event_id for c in changes)
    correction = next(c for c in changes if c.kind == "update_corrected")
    assert correction.event_id == "$u1" and correction.details["via_event_id"].startswith("$edit")


# --- progress on a planned measure starts it -------------------------------------------

STARTED = "Die Maßnahme war geplant; mit dem Fortschritt steht sie jetzt auf laufend."


@pytest.mark.parametrize(
    ("current", "named", "progress", "recorded"),
    [
        ("geplant", None, 40, "laufend"),
        ("geplant", None, 1, "laufend"),
        ("geplant", "geplant", 40, "geplant"),
        ("geplant", "verzoegert", 40, "verzoegert"),
        ("geplant", None, 0, None),
        ("geplant", None, None, None),
        ("laufend", None, 40, None),
        ("verzoegert", None, 40, None),
        ("zurueckgestellt", None, 40, None),
        ("abgeschlossen", None, 40, None),
    ],
)
def test_progress_starts_a_planned_measure_unless_the_update_names_a_status(
    current: str, named: str | None, progress: int | None, recorded: str | None
) -> None:
    assert status_for(current, named, progress) == recorded


async def test_progress_on_a_planned_measure_starts_it_and_the_reply_says_so(bot: Harness) -> None:
    await setup(bot)
    body = await bot.body("!update M1 Kurs gestartet 40%", BEN)
    assert "Status: laufend · Fortschritt: 40 %" in body and "vorher: geplant · 0 %" in body
    assert STARTED in body
    assert "Status: laufend" in await bot.body("!massnahme M1")
    assert "Sachstand: „Kurs gestartet“ (laufend, 40 %)" in await bot.body("!verlauf M1")
    assert "Statuswechsel M1: geplant → laufend" in await bot.body("!bericht")


async def test_the_reply_says_so_in_english(bot: Harness) -> None:
    await setup(bot)
    body = await in_language(bot, "en").body("!update M1 Course started 40%", BEN)
    assert "The measure was planned; with this progress it is now in progress." in body


async def test_a_named_status_or_no_progress_leaves_a_planned_measure_planned(
    bot: Harness,
) -> None:
    await setup(bot)
    body = await bot.body("!update M1 Konzept steht 40% status=geplant", BEN)
    assert "Status: geplant · Fortschritt: 40 %" in body and STARTED not in body
    body = await bot.body("!update M1 Zurück auf Anfang 0%", BEN)
    assert "Status: geplant · Fortschritt: 0 %" in body and STARTED not in body
    body = await bot.body("!update M1 Nur ein Text", BEN)
    assert "Status: geplant" in body and STARTED not in body
    assert "Status: geplant" in await bot.body("!massnahme M1")


async def test_a_running_or_delayed_measure_keeps_its_status(bot: Harness) -> None:
    await setup(bot)
    await bot.say("!massnahme neu HF1 Zweite")
    await bot.say("!update M1 läuft status=laufend", BEN)
    await bot.say("!update M2 hakt status=verzögert", BEN)
    for measure, status in (("M1", "laufend"), ("M2", "verzögert")):
        body = await bot.body(f"!update {measure} weiter 60%", BEN)
        assert f"Status: {status} · Fortschritt: 60 %" in body and STARTED not in body


async def test_corrections_and_withdrawals_follow_the_rule(bot: Harness) -> None:
    await setup(bot)
    await bot.say("!update M1 Vorbereitung 0%", BEN, event_id="$u1")
    started = await bot.edit("$u1", "!update M1 Vorbereitung 30%", BEN)
    assert started is not None and "Status jetzt: laufend" in started and STARTED in started
    text_only = await bot.edit("$u1", "!update M1 Vorbereitung läuft 30%", BEN)
    assert text_only is not None and "Status jetzt: laufend" in text_only
    assert STARTED not in text_only
    named = await bot.edit("$u1", "!update M1 Vorbereitung 30% status=geplant", BEN)
    assert named is not None and "Status jetzt: geplant" in named and STARTED not in named
    await bot.say("!update M1 Start 50%", BEN, event_id="$u2")
    assert "Status: laufend" in await bot.body("!massnahme M1")
    withdrawn = await bot.redact("$u2", BEN)
    assert withdrawn is not None and "Status jetzt: geplant · Fortschritt: 30 %" in withdrawn
