"""Who may do what: the one place that decides.

Power comes only from the coordinator list or the group room. A coordinator is listed
in `bot.coordinators` or has power level ≥ 50 in the group room (the first of
`bot.rooms`); the gateway reports the sender's level there as `group_power`, and power
in any other room is never looked at. Department contacts may set the deadlines of
their department's measures and acknowledge its reminders, and so may the deputy of a
contact while that contact is away (`plan.stand_ins`); any department contact may say
they are away. Room members may post updates; everyone in a served room may read.
"""

from __future__ import annotations

from commands import lookup
from commands.context import CommandContext
from commands.errors import Forbidden
from commands.roles import Role, role_text
from plan import stand_ins
from services.settings import Settings
from storage.models import Department, Measure

COORDINATOR_POWER = 50


def is_coordinator_id(settings: Settings, user_id: str, group_power: int | None) -> bool:
    """Listed as coordinator, or power level ≥ 50 in the group room."""
    return user_id in settings.coordinators or (group_power or 0) >= COORDINATOR_POWER


def is_coordinator(ctx: CommandContext) -> bool:
    """Whether the sender of a command is a coordinator."""
    return is_coordinator_id(ctx.settings, ctx.sender, ctx.group_power)


async def acts_for(ctx: CommandContext, department: Department | None) -> bool:
    """A contact of `department`, or standing in today for one of its contacts who is away."""
    if department is None:
        return False
    contacts = [c.user_id for c in department.contacts]
    return stand_ins.may_act_for(ctx.sender, contacts, await ctx.store.absences.deputies(ctx.today))


async def holds(ctx: CommandContext, role: Role, measure_id: int | None = None) -> bool:
    """Whether the sender holds `role`; CONTACT is judged for the measure `measure_id`."""
    if role is Role.EVERYONE or is_coordinator(ctx):
        return True
    if role is Role.MEMBER:
        return ctx.is_member
    if role is Role.CONTACT and measure_id is not None:
        return await acts_for(ctx, (await lookup.measure(ctx, measure_id)).department)
    if role is Role.ANY_CONTACT:
        return bool(await ctx.store.departments.of_contact(ctx.sender))
    return False


async def require(ctx: CommandContext, role: Role, measure_id: int | None = None) -> None:
    """Refuse with a message naming who may, unless the sender holds `role`."""
    if not await holds(ctx, role, measure_id):
        raise Forbidden("error.forbidden", who=role_text(ctx.language, role))


def may_withdraw(ctx: CommandContext, author: str) -> bool:
    """Whether the sender may withdraw what `author` recorded (by redacting it)."""
    return ctx.sender == author or is_coordinator(ctx)


def may_confirm_import(ctx: CommandContext, uploader: str) -> bool:
    """Whether the sender may apply an uploaded catalogue: only who uploaded it."""
    return ctx.sender == uploader


async def may_acknowledge(ctx: CommandContext, measure: Measure) -> bool:
    """Whether the sender may acknowledge a reminder of `measure` (its contacts, and the
    deputy of one who is away)."""
    return await acts_for(ctx, measure.department)
