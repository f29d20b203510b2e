"""Look-ups shared by command groups that refuse with `NotFound` when nothing matches."""

from __future__ import annotations

from commands.context import CommandContext
from commands.errors import NotFound
from storage.models import Department, Measure


async def measure(ctx: CommandContext, number: int) -> Measure:
    """The measure M<number>, or a refusal naming the id."""
    found = await ctx.store.measures.get(number)
    if found is None:
        raise NotFound("error.measure_not_found", id=number)
    return found


async def department(ctx: CommandContext, code: str) -> Department:
    """The department with `code`, or a refusal naming the code."""
    found = await ctx.store.departments.get(code)
    if found is None:
        raise NotFound("error.department_not_found", code=code)
    return found


async def check_field(ctx: CommandContext, code: str) -> None:
    """Refuse a field of action code the plan does not have, listing those it has."""
    if await ctx.store.fields.get(code) is None:
        fields = ", ".join(f.code for f in await ctx.store.fields.all())
        raise NotFound("error.unknown_field", value=code, fields=fields)


async def check_goal(ctx: CommandContext, number: int) -> None:
    """Refuse a goal number the plan does not have, listing those it has."""
    if await ctx.store.fields.goal(number) is None:
        goals = ", ".join(str(g.number) for g in await ctx.store.fields.goals())
        raise NotFound("error.unknown_goal", value=number, goals=goals)
