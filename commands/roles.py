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


_ROLE_TEXT: dict[Role, str] = {
    Role.EVERYONE: "role.everyone",
    Role.MEMBER: "role.member",
    Role.CONTACT: "role.department",
    Role.COORDINATOR: "role.coordinator",
}


def role_text(language: str, role: Role) -> str:
    """Who may run commands of `role`, in words."""
    return texts.word(language, _ROLE_TEXT[role])
