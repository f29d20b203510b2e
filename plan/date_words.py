"""The words of date phrases, German and English, and how a phrase is normalised before
the grammar in `plan.date_phrases` reads it.

Every table is keyed by folded words (see `plan.spelling.fold`): "März", "MAERZ" and
"Mär." all reach the key "maerz" or "maer".
"""

from __future__ import annotations

import re
from datetime import date

from plan.spelling import fold


def _table(rows: tuple[tuple[str, ...], ...], start: int) -> dict[str, int]:
    return {name: index for index, names in enumerate(rows, start=start) for name in names}


# full names, abbreviations (used with or without a period) and spellings without umlauts
MONTHS: dict[str, int] = _table(
    (
        ("januar", "jan", "jaenner", "janner", "january"),
        ("februar", "feb", "febr", "february"),
        ("maerz", "marz", "maer", "mar", "mrz", "march"),
        ("april", "apr"),
        ("mai", "may"),
        ("juni", "jun", "june"),
        ("juli", "jul", "july"),
        ("august", "aug"),
        ("september", "sep", "sept"),
        ("oktober", "okt", "oct", "october"),
        ("november", "nov"),
        ("dezember", "dez", "dec", "december"),
    ),
    start=1,
)

# Monday is 0, as in `date.weekday()`
WEEKDAYS: dict[str, int] = _table(
    (
        ("montag", "mo", "monday", "mon"),
        ("dienstag", "di", "tuesday", "tue", "tues"),
        ("mittwoch", "mi", "wednesday", "wed"),
        ("donnerstag", "do", "thursday", "thu", "thurs"),
        ("freitag", "fr", "friday", "fri"),
        ("samstag", "sa", "sonnabend", "saturday", "sat"),
        ("sonntag", "so", "sunday", "sun"),
    ),
    start=0,
)

# counts in offsets ("in zwei Wochen", "innerhalb eines Monats", "in a week")
NUMBERS: dict[str, int] = {
    "ein": 1, "eine": 1, "einen": 1, "einem": 1, "einer": 1, "eines": 1, "a": 1, "an": 1,
    "one": 1, "zwei": 2, "zweier": 2, "two": 2, "drei": 3, "dreier": 3, "three": 3,
    "vier": 4, "four": 4, "fuenf": 5, "five": 5, "sechs": 6, "six": 6, "sieben": 7,
    "seven": 7, "acht": 8, "eight": 8, "neun": 9, "nine": 9, "zehn": 10, "ten": 10,
    "elf": 11, "eleven": 11, "zwoelf": 12, "twelve": 12, "vierzehn": 14, "fourteen": 14,
    "zwanzig": 20, "twenty": 20, "dreissig": 30, "thirty": 30,
}  # fmt: skip

# ordinals of quarters and half-years, in every German inflection and as Roman numerals
ORDINALS: dict[str, int] = {
    **{
        stem + ending: index
        for index, stem in enumerate(("erst", "zweit", "dritt", "viert"), start=1)
        for ending in ("e", "er", "es", "en", "em")
    },
    **_table((("first", "i"), ("second", "ii"), ("third", "iii"), ("fourth", "iv")), start=1),
}


def alternatives(words: dict[str, int]) -> str:
    """A regex alternation (without a group) of the keys of `words`, longest first."""
    return "|".join(sorted(words, key=len, reverse=True))


# regex fragments the grammar shares; a group named like the fragment holds its word
MONTH = f"(?P<month>{alternatives(MONTHS)})"
WEEKDAY = f"(?P<weekday>{alternatives(WEEKDAYS)})"
COUNT = rf"(\d{{1,3}}|{alternatives(NUMBERS)})"
THIS = r"diese[mnrs]?|laufende[mnrs]?|aktuelle[mnrs]?|this|current"
NEXT = r"naechste[mnrs]?|kommende[mnrs]?|folgende[mnrs]?|next|coming|following"
RELATIVE = rf"uebernaechste[mnrs]?|{THIS}|{NEXT}"
# a year after a date or period: "2027", "'27", "nächsten Jahres", "next year"
YEAR = rf"(?P<year>\d{{4}}|'\d{{2}}|(?:{RELATIVE}) (?:jahre?s?|year))"


def ahead(word: str) -> int:
    """How many periods after the current one a word of `RELATIVE` means."""
    if word.startswith("uebernaechst"):
        return 2
    return 0 if re.fullmatch(THIS, word) else 1


def year_of(text: str | None, today: date) -> int | None:
    """The year a match of `YEAR` names; None for no year."""
    if text is None:
        return None
    if text.startswith("'"):
        return 2000 + int(text[1:])
    return int(text) if text.isdigit() else today.year + ahead(text.split()[0])


# words that frame a date without changing it: "bis zum 30.6.", "spätestens am Freitag";
# "ab", "vor" and "frühestens" change its meaning and are not among them
_FILLER = re.compile(
    r"\b(?:bis|zum|zur|zu|am|den|dem|der|des|das|die|spaetestens|voraussichtlich|ca|etwa|"
    r"by|on|until|till|the|of|due)\b"
)
# "Jahresende 2027" reads as "Ende Jahres 2027", "year-end" as "end year"
_COMPOUND = re.compile(r"\b(monats|quartals|halbjahres|jahres)(ende|anfang|beginn|mitte)\b")
_ENGLISH_COMPOUND = re.compile(r"\b(month|quarter|year)[- ]end\b")
# "bis zum 15": a day of the month even without its period
_BARE_DAY = re.compile(r"\b(?:zum|am|den|dem)\s+(\d{1,2})\s*$")
# a day of the month alone, maybe after its weekday: "15.", "Fr. 4.", whose period stays
_DAY_ONLY = re.compile(rf"(?:(?:{alternatives(WEEKDAYS)})\.? )?\d{{1,2}}\.")


def normalise(text: str) -> str:
    """Fold case and umlauts, drop filler words and stray punctuation, squeeze spaces.

    A trailing period goes ("Ende März."), except after a lone day number ("zum 15.",
    "Freitag, den 4."), where it makes the number a day.
    """
    text = fold(text).replace("’", "'")
    text = re.sub(r"[,;!?()]", " ", text)
    text = re.sub(r"(?<=\d)\s+\.", ".", text)  # "31 .03." → "31.03."
    text = re.sub(r"(?<=\d)\.\s+(?=\d)", ".", text)  # "31. 3. 2027" → "31.3.2027"
    text = _BARE_DAY.sub(r" \1.", text)
    text = _COMPOUND.sub(r"\2 \1", text)
    text = _ENGLISH_COMPOUND.sub(r"end \1", text)
    text = re.sub(r"\bmid-", "mid ", text)
    text = _FILLER.sub(" ", text)
    text = re.sub(r"^\s*(?:ab )?heute in ", "in ", text)
    phrase = " ".join(text.split())
    return phrase if _DAY_ONLY.fullmatch(phrase) else phrase.strip(" .")
