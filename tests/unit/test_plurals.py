"""German and English counts read correctly: "1 neuer Sachstand", "2 neue Sachstände".

The counted texts are found in the catalogue, not listed here: every key with `.one` and
`.other` forms is rendered in every language with 0, 1 and 2, and every other text is
checked not to put a number before a word that has a singular and a plural.
"""

from __future__ import annotations

import re
import string
from dataclasses import replace
from datetime import time

import pytest

from messages.texts import LANGUAGES, TEXTS, render, render_count
from plan.reminder_stages import ReminderPolicy
from tests.unit.conftest import Harness, make_settings
from tests.unit.test_texts import in_language

FORMS = (".one", ".other")
COUNTED = sorted({key.rsplit(".", 1)[0] for key in TEXTS["de"] if key.endswith(FORMS)})

# the words the texts put after a number, by grammatical number; German adjectives as they
# agree with the masculine nouns they come with here ("1 neuer Sachstand", "2 neue …")
SINGULAR = {
    "de": {"Tag", "Eintrag", "Maßnahme", "Sachstand", "Frist", "Fachbereich", "Problem"}
    | {"neuer", "älterer", "weiterer"},
    "en": {"day", "entry", "measure", "update", "deadline", "department", "problem", "error"},
}
PLURAL = {
    "de": {"Tage", "Tagen", "Einträge", "Maßnahmen", "Sachstände", "Fristen", "Fachbereiche"}
    | {"Probleme", "neue", "ältere", "weitere"},
    "en": {"days", "entries", "measures", "updates", "deadlines", "departments", "problems"}
    | {"errors"},
}


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def sample_values(language: str, base: str, n: int) -> dict[str, object]:
    """Values for both forms of `base`: `n` wherever a placeholder stands before a word
    (where a count goes, as `{days}` in "{days} Tage"), a marker elsewhere."""
    forms = [TEXTS[language][base + form] for form in FORMS]
    before_word = {name for form in forms for name in re.findall(r"\{(\w+)\} \w", form)}
    names = set().union(*map(placeholders, forms)) - {"n"}
    return {name: n if name in before_word else f"<{name}>" for name in names}


def words_after(n: int, text: str) -> set[str]:
    """The two words after each time `n` stands as a number of its own in `text`."""
    return {
        word
        for match in re.finditer(rf"(?<![\w.,]){n} (\w+)(?: (\w+))?", text)
        for word in match.groups()
        if word
    }


@pytest.mark.parametrize("n", [0, 1, 2])
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("base", COUNTED)
def test_every_counted_text_takes_the_form_of_its_number(base: str, language: str, n: int) -> None:
    values = sample_values(language, base, n)
    text = render_count(language, base, n, **values).plain
    form = ".one" if n == 1 else ".other"
    assert text == render(language, base + form, n=n, **values).plain
    wrong = (PLURAL if n == 1 else SINGULAR)[language]
    assert not words_after(n, text) & wrong, text


def test_the_walk_covers_the_counted_texts() -> None:
    assert {"history.heading", "digest.new_updates", "days.every", "page.more"} <= set(COUNTED)
    assert len(COUNTED) >= 25


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_other_text_puts_a_number_before_a_counted_word(language: str) -> None:
    counted_words = SINGULAR[language] | PLURAL[language]
    uncounted = {
        key: template
        for key, template in TEXTS[language].items()
        if not key.endswith(FORMS) and set(re.findall(r"\{\w+\} (\w+)", template)) & counted_words
    }
    assert uncounted == {}, "give these a .one and an .other form"


@pytest.mark.parametrize(
    ("language", "key", "n", "values", "text"),
    [
        ("de", "digest.new_updates", 1, {}, "1 neuer Sachstand"),
        ("de", "digest.new_updates", 2, {}, "2 neue Sachstände"),
        ("de", "digest.new_updates", 0, {}, "0 neue Sachstände"),
        ("de", "digest.missed", 1, {}, "1 Frist überschritten"),
        ("de", "digest.missed", 2, {}, "2 Fristen überschritten"),
        ("de", "reminders.stage_before", 1, {}, "1 Tag vor der Frist"),
        ("de", "reminders.stage_before", 2, {}, "2 Tage vor der Frist"),
        ("de", "days.every", 1, {}, "täglich"),
        ("de", "days.every", 2, {}, "alle 2 Tage"),
        ("de", "days.future", 1, {}, "morgen"),
        ("de", "days.future", 2, {}, "in 2 Tagen"),
        ("de", "history.heading", 1, {"id": 1, "title": "T"}, "Verlauf von M1 – T (1 Eintrag)"),
        ("de", "history.heading", 2, {"id": 1, "title": "T"}, "Verlauf von M1 – T (2 Einträge)"),
        ("de", "history.older", 1, {"command": "c"}, "… 1 älterer Eintrag: c"),
        ("de", "page.more", 1, {"command": "c"}, "… 1 weiterer Eintrag: c"),
        ("de", "page.more", 2, {"command": "c"}, "… 2 weitere Einträge: c"),
        ("de", "export.done", 1, {"name": "x.csv"}, "📄 1 Maßnahme als x.csv"),
        ("en", "digest.new_updates", 1, {}, "1 new update"),
        ("en", "digest.missed", 2, {}, "2 deadlines missed"),
        ("en", "days.every", 1, {}, "daily"),
        ("en", "history.heading", 1, {"id": 1, "title": "T"}, "History of M1 – T (1 entry)"),
    ],
)
def test_counts_agree_with_their_words(
    language: str, key: str, n: int, values: dict[str, object], text: str
) -> None:
    assert render_count(language, key, n, **values).plain == text


async def test_replies_count_in_words(bot: Harness) -> None:
    await bot.say("!fb neu FB18 Personal")
    await bot.say("!massnahme neu HF1 Erste fb=FB18 frist=26.11.2026")
    assert "(1 Eintrag)" in await bot.body("!verlauf M1")
    assert (await bot.body("!massnahmen")).startswith("1 Maßnahme\n")
    assert (await bot.body("!fachbereiche")).startswith("1 Fachbereich\n")
    assert "Bis morgen (1)" in await bot.body("!fristen tage=1")
    await bot.say("!update M1 Start")
    assert "(2 Einträge)" in await bot.body("!verlauf M1")


async def test_help_counts_the_configured_days(bot: Harness) -> None:
    policy = ReminderPolicy(days_before=(1,), time=time(9), overdue_every_days=1)
    german = in_language(bot, "de", replace(make_settings(), reminders=policy))
    body = await german.body("!hilfe erinnerungen")
    assert "1 Tag vor der Frist" in body and "danach täglich als Eskalation" in body
    english = in_language(bot, "en", replace(make_settings(), reminders=policy))
    body = await english.body("!help reminders", event_id="$help-en")  # a new event id
    assert "1 day before the deadline" in body and "then daily as escalation" in body
