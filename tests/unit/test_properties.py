"""Property tests: no input crashes the parser or the dispatcher."""

from __future__ import annotations

import contextlib
import itertools
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.events import IncomingMessage
from plan import spelling
from plan.date_phrases import parse_date
from plan.spelling import Invalid
from tests.unit.conftest import COORDINATOR, ROOM, Harness

WORDS = st.sampled_from(
    [
        "massnahme",
        "massnahmen",
        "Maßnahme",
        "neu",
        "ändern",
        "fb",
        "fachbereiche",
        "hilfe",
        "help",
        "measure",
        "M1",
        "M-2",
        "HF2",
        "hf9",
        "fb=FB18",
        "frist=31.03.2027",
        "frist=",
        "prio=kurz",
        "ziel=2",
        "status=laufend",
        "überfällig",
        "kontakt=@a:hs",
        "raum=#r:hs",
        "titel=x",
        '"',
        "„",
        "=",
        "!",
        "<b>",
        "\u200b",
        "\u202e",
        "M99999999999",
    ]
)
COMMANDS = st.one_of(
    st.lists(st.one_of(WORDS, st.text(max_size=12)), max_size=8).map(" ".join),
    st.text(max_size=200),
).map(lambda tail: "!" + tail)
ids = itertools.count()
TODAY = date(2026, 11, 25)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=COMMANDS)
async def test_no_command_text_crashes_the_dispatcher(bot: Harness, text: str) -> None:
    message = IncomingMessage(ROOM, f"$p{next(ids)}", COORDINATOR, text)
    queued = await bot.dispatcher.handle(message)
    if queued is not None:
        assert queued.content["body"]
        assert "Interner Fehler" not in queued.content["body"], text


@settings(max_examples=500)
@given(value=st.text(max_size=40))
def test_parsers_return_or_refuse(value: str) -> None:
    for parse in (
        spelling.measure_id,
        spelling.field_code,
        spelling.department_code,
        spelling.status,
        spelling.priority,
        spelling.goal_number,
        spelling.user_ids,
        spelling.room,
        spelling.one_line,
    ):
        with contextlib.suppress(Invalid):
            parse(value)
    with contextlib.suppress(Invalid):
        parse_date(value, TODAY)
