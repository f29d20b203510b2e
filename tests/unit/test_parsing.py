"""Parser tables: tokens, options, ids, codes, statuses, priorities, rooms, users, dates."""

from __future__ import annotations

import pytest

from commands import parsing
from commands.errors import UsageError
from plan import spelling
from plan.spelling import Invalid
from plan.vocabulary import Priority, Status


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("massnahme neu HF2 Titel", ["massnahme", "neu", "HF2", "Titel"]),
        (
            'fb neu FB18 "Personal und Organisation"',
            ["fb", "neu", "FB18", "Personal und Organisation"],
        ),
        (
            "fb neu FB18 „Personal und Organisation“",
            ["fb", "neu", "FB18", "Personal und Organisation"],
        ),
        ('titel="Neue Kurse" prio=kurz', ["titel=Neue Kurse", "prio=kurz"]),
        ("  viele   Leerzeichen\tund\nZeilen ", ["viele", "Leerzeichen", "und", "Zeilen"]),
        ("Hannover’s Partner", ["Hannover’s", "Partner"]),
        ("", []),
    ],
)
def test_tokenize(text: str, tokens: list[str]) -> None:
    assert parsing.tokenize(text) == tokens


def test_tokenize_refuses_an_unclosed_quote() -> None:
    with pytest.raises(UsageError) as caught:
        parsing.tokenize('massnahme neu HF2 "offen')
    assert caught.value.key == "error.unclosed_quote"


@pytest.mark.parametrize(
    ("token", "option"),
    [
        ("fb=FB18", ("fb", "FB18")),
        ("Frist=31.03.2027", ("frist", "31.03.2027")),
        ("titel=a=b", ("titel", "a=b")),
        ("überfällig", None),
        ("https://example.org/?a=b", None),
        ("=wert", None),
        ("3=4", None),
    ],
)
def test_split_option(token: str, option: tuple[str, str] | None) -> None:
    assert parsing.split_option(token) == option


@pytest.mark.parametrize(
    ("word", "folded"),
    [
        ("Maßnahme", "massnahme"),
        ("ÄNDERN", "aendern"),
        ("überfällig", "ueberfaellig"),
        ("Hilfe", "hilfe"),
    ],
)
def test_fold(word: str, folded: str) -> None:
    assert spelling.fold(word) == folded


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("M7", 7),
        ("m7", 7),
        ("M-7", 7),
        ("m-12", 12),
        ("M007", 7),
        (" M1 ", 1),
        ("M123456789", 123456789),
    ],
)
def test_measure_id(text: str, number: int) -> None:
    assert spelling.measure_id(text) == number


@pytest.mark.parametrize(
    "text", ["7", "M", "M0", "M-", "MM7", "M7a", "M１", "M١", "N7", "M1234567890", "M 7", ""]
)
def test_measure_id_refuses(text: str) -> None:
    with pytest.raises(Invalid) as caught:
        spelling.measure_id(text)
    assert caught.value.key == "error.bad_measure_id"


@pytest.mark.parametrize(
    ("text", "code"), [("HF2", "HF2"), ("hf2", "HF2"), ("Hf-3", "HF3"), ("HF04", "HF4")]
)
def test_field_code(text: str, code: str) -> None:
    assert spelling.field_code(text) == code


@pytest.mark.parametrize("text", ["H2", "HF", "2", "HFx", "HF１", "HF123"])
def test_field_code_refuses(text: str) -> None:
    with pytest.raises(Invalid):
        spelling.field_code(text)


@pytest.mark.parametrize("code", ["FB18", "Dez-III", "OE18.62", "fb_19", "Ämter", "A/B"])
def test_department_code(code: str) -> None:
    assert spelling.department_code(code) == code


@pytest.mark.parametrize("code", ["-FB", "FB 18", "x" * 41, "<b>", "FB18;", ""])
def test_department_code_refuses(code: str) -> None:
    with pytest.raises(Invalid):
        spelling.department_code(code)


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("geplant", Status.PLANNED),
        ("planned", Status.PLANNED),
        ("laufend", Status.RUNNING),
        ("in_umsetzung", Status.RUNNING),
        ("in_progress", Status.RUNNING),
        ("In-Progress", Status.RUNNING),
        ("verzögert", Status.DELAYED),
        ("verzoegert", Status.DELAYED),
        ("Delayed", Status.DELAYED),
        ("zurückgestellt", Status.ON_HOLD),
        ("zurueckgestellt", Status.ON_HOLD),
        ("on_hold", Status.ON_HOLD),
        ("abgeschlossen", Status.DONE),
        ("done", Status.DONE),
        ("ABGESCHLOSSEN", Status.DONE),
    ],
)
def test_status(text: str, status: Status) -> None:
    assert spelling.status(text) is status


def test_unknown_status_lists_the_valid_ones() -> None:
    with pytest.raises(Invalid) as caught:
        spelling.status("fertig")
    assert "laufend" in caught.value.values["statuses"]


@pytest.mark.parametrize(
    ("text", "prio"),
    [
        ("kurz", Priority.SHORT),
        ("kurzfristig", Priority.SHORT),
        ("Mittel", Priority.MEDIUM),
        ("langfristig", Priority.LONG),
        ("long", Priority.LONG),
    ],
)
def test_priority(text: str, prio: Priority) -> None:
    assert spelling.priority(text) is prio


@pytest.mark.parametrize(("text", "number"), [("2", 2), ("Ziel2", 2), ("oberziel-3", 3)])
def test_goal_number(text: str, number: int) -> None:
    assert spelling.goal_number(text) == number


@pytest.mark.parametrize(
    ("text", "users"),
    [
        ("@a:hs", ("@a:hs",)),
        ("@a:example.org,@b.c:example.org", ("@a:example.org", "@b.c:example.org")),
        ("@a:hs, @a:hs", ("@a:hs",)),
        ("@a:localhost:8448", ("@a:localhost:8448",)),
        ("-", ()),
    ],
)
def test_user_ids(text: str, users: tuple[str, ...]) -> None:
    assert spelling.user_ids(text) == users


@pytest.mark.parametrize("text", ["anna", "@anna", "@Anna Müller:hs", "@a:hs,bob", ""])
def test_user_ids_refuses(text: str) -> None:
    with pytest.raises(Invalid):
        spelling.user_ids(text)


@pytest.mark.parametrize(
    ("text", "room"),
    [("#fb18:example.org", "#fb18:example.org"), ("!abc:hs", "!abc:hs"), ("-", "")],
)
def test_room(text: str, room: str) -> None:
    assert spelling.room(text) == room


@pytest.mark.parametrize("text", ["fb18", "#fb18", "@anna:hs", "# x:hs"])
def test_room_refuses(text: str) -> None:
    with pytest.raises(Invalid):
        spelling.room(text)


@pytest.mark.parametrize(
    ("text", "cleaned"),
    [
        ("  Sprachkurse   für\nBeschäftigte ", "Sprachkurse für Beschäftigte"),
        ("Zero\u200bwidth", "Zerowidth"),
        ("rechts\u202enach links", "rechtsnach links"),
        ("Bell\x07", "Bell"),
        ("Cafe\u0301", "Café"),
    ],
)
def test_clean(text: str, cleaned: str) -> None:
    assert spelling.clean(text) == cleaned


@pytest.mark.parametrize("text", ["", "   ", "\u200b\u200b", "x" * 201])
def test_title_refuses_empty_and_long(text: str) -> None:
    with pytest.raises(Invalid) as caught:
        spelling.one_line(text)
    assert caught.value.key == "error.bad_title"


@pytest.mark.parametrize(
    "value",
    ["!abcDEF123-_xyz", "!abc:example.org", "#raum:example.org", "!id:localhost:8448"],
)
def test_room_ids_of_version_12_and_aliases_are_rooms(value: str) -> None:
    assert spelling.room(value) == value


@pytest.mark.parametrize("value", ["#ohne-server", "raum", "!", "!a b", "@anna:example.org"])
def test_other_words_are_no_rooms(value: str) -> None:
    with pytest.raises(Invalid):
        spelling.room(value)
