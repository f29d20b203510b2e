"""The roles a command can require, and how they are named to users."""

from __future__ import annotations

from enum import Enum

from messages import texts


class Role(Enum):
    """Who may run a command (coordinators may run every command)."""

    EVERYONE = 0
    MEMBER = 1  # a member of the room the command is sent in
    CONTACT = 2  # a contact of the measure's department
    COORDINATOR = 3
    ANY_CONTACT = 4  # a contact of some department (for commands about the sender)


_ROLE_TEXT: dict[Role, str] = {
    Role.EVERYONE: "role.everyone",
    Role.MEMBER: "role.member",
    Role.CONTACT: "role.department",
    Role.COORDINATOR: "role.coordinator",
    Role.ANY_CONTACT: "role.any_contact",
}


def role_text(language: str, role: Role) -> str:
    """Who may run commands of `role`, in words."""
    return texts.word(language, _ROLE_TEXT[role])
