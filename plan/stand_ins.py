"""Who answers for a department while contacts are away: the deputies they named.

`away` maps each user away today to the deputy they named (None: nobody). A deputy who is
away in turn hands on to their own deputy, so a reminder reaches someone who is there;
when nobody of a department is there, the coordinators are asked instead.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence


def _deputies(user: str, away: Mapping[str, str | None]) -> Iterator[str]:
    """The deputies standing in for `user`: theirs, that one's while also away, and so on."""
    seen = {user}
    while (deputy := away.get(user)) is not None and deputy not in seen:
        yield deputy
        seen.add(deputy)
        user = deputy


def stand_in(user: str, away: Mapping[str, str | None]) -> str | None:
    """Who answers for `user` today: `user`, or the first deputy in the line who is there;
    None when the line ends with someone away (without a deputy, or going round in a circle)."""
    last = [user, *_deputies(user, away)][-1]
    return None if last in away else last


def mentioned(
    contacts: Sequence[str], away: Mapping[str, str | None], coordinators: Sequence[str]
) -> tuple[str, ...]:
    """Whom a reminder to a department with `contacts` mentions, each once, in order.

    A contact who is there is named; one who is away is replaced by their stand-in (see
    `stand_in`), or left out without one. If that leaves nobody, the coordinators.
    """
    named = (stand_in(contact, away) for contact in contacts)
    found = tuple(dict.fromkeys(user for user in named if user is not None))
    return found or tuple(dict.fromkeys(coordinators))


def may_act_for(user: str, contacts: Sequence[str], away: Mapping[str, str | None]) -> bool:
    """Whether `user` may act for a department with `contacts`: as one of them, or as a
    deputy standing in for one who is away (also a deputy's deputy while both are away)."""
    return user in contacts or any(user in _deputies(contact, away) for contact in contacts)
