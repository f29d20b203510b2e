"""Who answers for a department while contacts are away (`plan.stand_ins`), as tables."""

from __future__ import annotations

import pytest

from plan.stand_ins import may_act_for, mentioned, stand_in

COORDINATORS = ("@koord:hs", "@chefin:hs")

# contacts, who is away → deputy, whom a reminder mentions
MENTIONED = [
    (["@anna:hs", "@ben:hs"], {}, ("@anna:hs", "@ben:hs")),
    # the deputy takes the place of the contact who is away
    (["@anna:hs", "@ben:hs"], {"@anna:hs": "@dora:hs"}, ("@dora:hs", "@ben:hs")),
    # without a deputy the other contacts remain
    (["@anna:hs", "@ben:hs"], {"@anna:hs": None}, ("@ben:hs",)),
    # a deputy who is a contact already is mentioned once
    (["@anna:hs", "@ben:hs"], {"@anna:hs": "@ben:hs"}, ("@ben:hs",)),
    # two contacts away with the same deputy
    (["@anna:hs", "@ben:hs"], {"@anna:hs": "@dora:hs", "@ben:hs": "@dora:hs"}, ("@dora:hs",)),
    # nobody there: the coordinators
    (["@anna:hs"], {"@anna:hs": None}, COORDINATORS),
    (["@anna:hs", "@ben:hs"], {"@anna:hs": None, "@ben:hs": None}, COORDINATORS),
    ([], {}, COORDINATORS),
    # a deputy who is away hands on to their own deputy
    (["@anna:hs"], {"@anna:hs": "@ben:hs", "@ben:hs": "@carl:hs"}, ("@carl:hs",)),
    # … and one away without a deputy leaves nobody
    (["@anna:hs"], {"@anna:hs": "@ben:hs", "@ben:hs": None}, COORDINATORS),
    # two who name each other while both are away leave nobody, without looping
    (["@anna:hs", "@ben:hs"], {"@anna:hs": "@ben:hs", "@ben:hs": "@anna:hs"}, COORDINATORS),
    # someone away who is no contact of this department changes nothing
    (["@anna:hs"], {"@zoe:hs": "@anna:hs"}, ("@anna:hs",)),
]


@pytest.mark.parametrize(("contacts", "away", "expected"), MENTIONED)
def test_whom_a_reminder_mentions(
    contacts: list[str], away: dict[str, str | None], expected: tuple[str, ...]
) -> None:
    assert mentioned(contacts, away, COORDINATORS) == expected


def test_coordinators_are_mentioned_once_each() -> None:
    assert mentioned([], {}, ["@koord:hs", "@koord:hs"]) == ("@koord:hs",)


@pytest.mark.parametrize(
    ("user", "away", "expected"),
    [
        ("@anna:hs", {}, "@anna:hs"),
        ("@anna:hs", {"@anna:hs": "@ben:hs"}, "@ben:hs"),
        ("@anna:hs", {"@anna:hs": None}, None),
        ("@anna:hs", {"@anna:hs": "@ben:hs", "@ben:hs": "@carl:hs"}, "@carl:hs"),
        ("@anna:hs", {"@anna:hs": "@ben:hs", "@ben:hs": "@anna:hs"}, None),
    ],
)
def test_who_answers_for_a_user(
    user: str, away: dict[str, str | None], expected: str | None
) -> None:
    assert stand_in(user, away) == expected


CONTACTS = ["@anna:hs", "@ben:hs"]

# user, who is away → deputy, whether the user may act for the department of CONTACTS
MAY_ACT = [
    ("@anna:hs", {}, True),
    ("@dora:hs", {}, False),
    # a contact away keeps the right; the deputy gains it while the absence lasts
    ("@anna:hs", {"@anna:hs": "@dora:hs"}, True),
    ("@dora:hs", {"@anna:hs": "@dora:hs"}, True),
    # the deputy of someone who is no contact here gains nothing here
    ("@dora:hs", {"@zoe:hs": "@dora:hs"}, False),
    # a contact's deputy named by nobody away gains nothing
    ("@dora:hs", {"@anna:hs": None}, False),
    # along a line of deputies who are away, each may act
    ("@carl:hs", {"@anna:hs": "@dora:hs", "@dora:hs": "@carl:hs"}, True),
    ("@dora:hs", {"@anna:hs": "@dora:hs", "@dora:hs": "@carl:hs"}, True),
    # a circle ends
    ("@eve:hs", {"@anna:hs": "@dora:hs", "@dora:hs": "@anna:hs"}, False),
]


@pytest.mark.parametrize(("user", "away", "expected"), MAY_ACT)
def test_who_may_act_for_a_department(
    user: str, away: dict[str, str | None], expected: bool
) -> None:
    assert may_act_for(user, CONTACTS, away) is expected
