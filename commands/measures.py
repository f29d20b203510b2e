"""`!massnahme neu|ändern|<ID>` and `!massnahmen`: the measure catalogue."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from commands import lookup, paging
from commands.context import CommandContext
from commands.errors import UsageError
from commands.reminders import acknowledgement_lines
from commands.roles import Role
from commands.spec import (
    DEPARTMENT_OPT,
    FIELD,
    MEASURE,
    STATUS_OPT,
    Arg,
    Opt,
    command,
    ignoring_today,
)
from commands.updates import update_line
from messages import values
from messages.reply import Reply, Section
from messages.text import Text
from messages.texts import days_until, priority_word
from plan import funding as money
from plan import spelling
from plan.date_phrases import parse_date
from plan.vocabulary import Priority, Status
from storage.models import Measure
from storage.repositories.measures import MeasureFilter

LATEST_UPDATES = 3

FIELD_OPT = Opt("field", ("hf", "field"), ignoring_today(spelling.field_code))
PRIORITY_OPT = Opt(
    "priority", ("prio", "priority", "vordringlichkeit"), ignoring_today(spelling.priority)
)
GOAL_OPT = Opt("goal", ("ziel", "goal", "oberziel"), ignoring_today(spelling.goal_number))
DEADLINE_OPT = Opt("deadline", ("frist", "deadline", "bis"), parse_date)
OVERDUE_OPT = Opt("overdue", ("überfällig", "overdue"))
INVOLVED_OPT = Opt(
    "involved", ("beteiligt", "involved", "beteiligte"), ignoring_today(spelling.department_codes)
)
# the plan's money; "-" gives "" (or 0), which takes the value off
FUNDING_OPTS = (
    Opt("funding", ("mittel", "funding", "mittelbedarf"), ignoring_today(money.funding)),
    Opt("amount", ("betrag", "amount"), ignoring_today(money.amount)),
    Opt("paper", ("drucksache", "paper"), ignoring_today(money.council_paper)),
    Opt("decision", ("beschluss", "decision"), ignoring_today(money.decision)),
)


@command(
    "massnahme",
    "neu",
    english=("measure", "new"),
    who=Role.COORDINATOR,
    args=(
        FIELD,
        Arg("title", "arg.title", ignoring_today(spelling.one_line), rest=True),
    ),
    options=(DEPARTMENT_OPT, INVOLVED_OPT, DEADLINE_OPT, PRIORITY_OPT, GOAL_OPT, *FUNDING_OPTS),
)
async def create_measure(
    ctx: CommandContext,
    field: str,
    title: str,
    department: str | None,
    involved: tuple[str, ...] | None,
    deadline: date | None,
    priority: Priority | None,
    goal: int | None,
    funding: str | None,
    amount: int | None,
    paper: str | None,
    decision: str | None,
) -> Reply:
    """Create a measure; the reply names its new id and what was understood."""
    await lookup.check_field(ctx, field)
    if goal is not None:
        await lookup.check_goal(ctx, goal)
    measure = await ctx.store.measures.add(
        ctx.origin,
        field_code=field,
        title=title,
        department=await lookup.department(ctx, department) if department else None,
        goal_number=goal,
        priority=priority.value if priority else None,
        deadline=deadline,
        involved=[await lookup.department(ctx, code) for code in involved or ()],
        funding=funding or None,
        amount_cents=amount or None,
        council_paper=paper or None,
        decision=decision or None,
    )
    return Reply(
        lines=(ctx.text("measure.created", id=measure.id, title=measure.title),),
        items=tuple(await _facts(ctx, measure)),
    )


@command(
    "massnahme",
    english=("measure",),
    args=(MEASURE,),
)
async def show_measure(ctx: CommandContext, measure: int) -> Reply:
    """Show one measure with all its facts."""
    found = await lookup.measure(ctx, measure)
    latest = await ctx.store.updates.latest(found.id, LATEST_UPDATES)
    acks = acknowledgement_lines(ctx, await ctx.store.reminders.for_measure(found.id))
    sections = []
    if latest:
        sections.append(
            Section(ctx.text("measure.updates_heading"), tuple(update_line(ctx, u) for u in latest))
        )
    if acks:
        sections.append(Section(ctx.text("measure.acks_heading"), tuple(acks)))
    return Reply(
        lines=(ctx.text("measure.heading", id=found.id, title=found.title),),
        items=tuple(await _facts(ctx, found)),
        sections=tuple(sections),
        footer=None if latest else ctx.text("measure.no_updates"),
    )


@command(
    "massnahme",
    "ändern",
    english=("measure", "edit"),
    who=Role.COORDINATOR,
    args=(MEASURE,),
    options=(
        Opt("title", ("titel", "title"), ignoring_today(spelling.one_line)),
        FIELD_OPT,
        DEPARTMENT_OPT,
        INVOLVED_OPT,
        PRIORITY_OPT,
        GOAL_OPT,
        *FUNDING_OPTS,
    ),
)
async def edit_measure(
    ctx: CommandContext,
    measure: int,
    title: str | None,
    field: str | None,
    department: str | None,
    involved: tuple[str, ...] | None,
    priority: Priority | None,
    goal: int | None,
    funding: str | None,
    amount: int | None,
    paper: str | None,
    decision: str | None,
) -> Reply:
    """Change catalogue data of a measure; the reply lists each change as before → after."""
    found = await lookup.measure(ctx, measure)
    changes: dict[str, Any] = {}
    if title is not None:
        changes["title"] = title
    if field is not None:
        await lookup.check_field(ctx, field)
        changes["field_code"] = field
    if department is not None:
        changes["department"] = await lookup.department(ctx, department)
    if priority is not None:
        changes["priority"] = priority.value
    if goal is not None:
        await lookup.check_goal(ctx, goal)
        changes["goal_number"] = goal
    if involved is not None:
        changes["involved"] = [await lookup.department(ctx, code) for code in involved]
    # "" and 0 stand for "-": the value is taken off
    for key, value in (
        ("funding", funding),
        ("amount_cents", amount),
        ("council_paper", paper),
        ("decision", decision),
    ):
        if value is not None:
            changes[key] = value or None
    if not changes:
        raise UsageError("error.nothing_to_change")
    changed = await ctx.store.measures.update(found, ctx.origin, changes)
    return values.changes_reply(
        ctx.language,
        changed,
        ctx.text("measure.edited", id=found.id),
        ctx.text("measure.unchanged", id=found.id),
    )


@command(
    "massnahmen",
    english=("measures",),
    args=(replace(FIELD, optional=True),),
    options=(DEPARTMENT_OPT, STATUS_OPT, OVERDUE_OPT, paging.PAGE_OPT),
)
async def list_measures(
    ctx: CommandContext,
    field: str | None,
    department: str | None,
    status: Status | None,
    overdue: bool,
    page: int | None,
) -> Reply:
    """List measures matching the filters, a page at a time."""
    if field is not None:
        await lookup.check_field(ctx, field)
    dept = await lookup.department(ctx, department) if department else None
    criteria = MeasureFilter(
        field_code=field,
        department_id=dept.id if dept else None,
        status=status.value if status else None,
        overdue_on=ctx.today if overdue else None,
    )
    rows, total = await ctx.store.measures.find(criteria, paging.PAGE_SIZE, paging.offset(page))
    shown_page = paging.check(paging.Page(rows, page or 1, total))
    filters = [
        f
        for f in (
            field,
            dept.code if dept else None,
            ctx.status(status) if status else None,
            ctx.word("measures.filter_overdue") if overdue else None,
        )
        if f
    ]
    shown = ctx.text("measures.filters", filters=", ".join(filters)) if filters else ""
    if not rows:
        return Reply(lines=(ctx.text("measures.none", filters=shown),))
    command = " ".join(
        word
        for word in (
            ctx.registry.words_of(list_measures, ctx.language),
            field,
            DEPARTMENT_OPT.typed(ctx.language, dept.code) if dept else None,
            STATUS_OPT.typed(ctx.language, ctx.status(status)) if status else None,
            OVERDUE_OPT.typed(ctx.language) if overdue else None,
        )
        if word
    )
    return Reply(
        lines=(ctx.counted("measures.heading", total, filters=shown),),
        items=tuple(measure_line(ctx, m) for m in rows),
        footer=paging.footer(ctx, shown_page, command),
    )


def measure_line(ctx: CommandContext, measure: Measure) -> Text:
    """One line describing a measure in a list."""
    return ctx.text(
        "measure.line",
        id=measure.id,
        title=measure.title,
        field=measure.field_code,
        department=values.responsible(
            ctx.language,
            measure.department.code if measure.department else None,
            [d.code for d in measure.involved],
        ),
        status=ctx.status(measure.status),
        progress=measure.progress,
        deadline=measure.deadline or ctx.word("none"),
    )


async def _facts(ctx: CommandContext, measure: Measure) -> list[Text]:
    """The fact lines of a measure: field, goal, department, status, deadline, priority."""
    field = await ctx.store.fields.get(measure.field_code)
    goal = await ctx.store.fields.goal(measure.goal_number) if measure.goal_number else None
    dept = measure.department
    deadline = ctx.date(measure.deadline)
    if measure.deadline:
        deadline += f" ({days_until(ctx.language, measure.deadline, ctx.today)})"
    facts = [
        (
            "label.field",
            ctx.text("measure.field_label", code=field.code, name=field.name)
            if field
            else measure.field_code,
        ),
        (
            "label.goal",
            ctx.text("measure.goal_label", number=goal.number, name=goal.name)
            if goal
            else ctx.word("none"),
        ),
        (
            "label.department",
            ctx.text("department.label", code=dept.code, name=dept.name)
            if dept
            else ctx.word("none"),
        ),
        ("label.status", ctx.status(measure.status)),
        ("label.progress", values.percent(measure.progress)),
        ("label.deadline", deadline),
        (
            "label.priority",
            priority_word(ctx.language, measure.priority),
        ),
    ]
    if measure.involved:
        facts.insert(3, ("label.involved", ", ".join(d.code for d in measure.involved)))
    money = values.funding_facts(
        ctx.language, measure.funding, measure.amount_cents, measure.council_paper, measure.decision
    )
    if money is not None:
        facts.append(("label.funding", money))
    return [ctx.text("measure.fact", label=ctx.word(label), value=value) for label, value in facts]
