"""`!fb neu`, `!fb <Kürzel>` and `!fachbereiche`: departments, their rooms and contacts
(and who of them is away, and who stands in)."""

from __future__ import annotations

from collections.abc import Mapping

from commands import lookup, paging
from commands.context import CommandContext
from commands.errors import CommandError
from commands.roles import Role
from commands.spec import Arg, Opt, command, ignoring_today
from messages import values
from messages.reply import Reply
from messages.text import Text
from messages.texts import party_word
from plan import spelling
from plan.vocabulary import PartyKind
from storage.models import Absence, Department

CODE = Arg("code", "arg.code", ignoring_today(spelling.department_code))
ROOM_OPT = Opt("room", ("raum", "room"), ignoring_today(spelling.room))
CONTACTS_OPT = Opt(
    "contacts", ("kontakt", "contact", "kontakte", "contacts"), ignoring_today(spelling.user_ids)
)
# a unit of the city (the default) or an external partner of the plan
KIND_OPT = Opt("kind", ("art", "kind"), ignoring_today(spelling.party_kind))


def _name(value: str) -> str:
    return spelling.one_line(value, spelling.MAX_NAME, "error.bad_name")


@command(
    "fb",
    "neu",
    english=("department", "new"),
    who=Role.COORDINATOR,
    args=(CODE, Arg("name", "arg.name", ignoring_today(_name), rest=True)),
    options=(ROOM_OPT, CONTACTS_OPT, KIND_OPT),
)
async def create_department(
    ctx: CommandContext,
    code: str,
    name: str,
    room: str | None,
    contacts: tuple[str, ...] | None,
    kind: PartyKind | None,
) -> Reply:
    """Create a department (or, with `art=partner`, an external partner); codes are unique
    regardless of case."""
    if await ctx.store.departments.get(code) is not None:
        raise CommandError("error.department_exists", code=code)
    department = await ctx.store.departments.add(
        code, name, room or None, contacts or (), ctx.origin, kind or PartyKind.CITY
    )
    return Reply(
        lines=(ctx.text("department.created", code=department.code, name=department.name),),
        items=tuple(await _facts(ctx, department)),
    )


@command(
    "fb",
    english=("department",),
    to_change=Role.COORDINATOR,
    args=(CODE,),
    options=(Opt("name", ("name",), ignoring_today(_name)), ROOM_OPT, CONTACTS_OPT, KIND_OPT),
)
async def show_or_edit_department(
    ctx: CommandContext,
    code: str,
    name: str | None,
    room: str | None,
    contacts: tuple[str, ...] | None,
    kind: PartyKind | None,
) -> Reply:
    """Show a department; with options, change it (coordinators only)."""
    department = await lookup.department(ctx, code)
    if name is None and room is None and contacts is None and kind is None:
        return Reply(
            lines=(ctx.text("department.heading", code=department.code, name=department.name),),
            items=tuple(await _facts(ctx, department)),
        )
    changed = await ctx.store.departments.update(
        department, ctx.origin, name=name, room=room, contacts=contacts, party_kind=kind
    )
    return values.changes_reply(
        ctx.language,
        changed,
        ctx.text("department.edited", code=department.code),
        ctx.text("department.unchanged", code=department.code),
    )


@command(
    "fachbereiche",
    english=("departments",),
    options=(paging.PAGE_OPT,),
)
async def list_departments(ctx: CommandContext, page: int | None) -> Reply:
    """List the departments with contacts and room, a page at a time."""
    departments = await ctx.store.departments.all()
    if not departments:
        return Reply(lines=(ctx.text("departments.none"),))
    shown = paging.page_of(departments, page)
    away = await ctx.store.absences.current(ctx.today)
    return Reply(
        lines=(ctx.counted("departments.heading", len(departments)),),
        footer=paging.footer(ctx, shown, ctx.registry.words_of(list_departments, ctx.language)),
        items=tuple(
            ctx.text(
                "department.line",
                code=d.code,
                name=d.name,
                contacts=_contacts(ctx, d, away),
                room=ctx.text("department.room_suffix", room=d.room) if d.room else "",
                partner=ctx.text("department.partner_suffix")
                if d.party_kind == PartyKind.PARTNER
                else "",
            )
            for d in shown.items
        ),
    )


def _contacts(ctx: CommandContext, department: Department, away: Mapping[str, Absence]) -> Text:
    """The department's contacts, each who is away today with until when and who stands in."""
    if not department.contacts:
        return Text.of(ctx.word("none_contacts"))
    shown = []
    for contact in department.contacts:
        absence = away.get(contact.user_id)
        until, deputy = (absence.until, absence.deputy) if absence else (None, None)
        shown.append(values.contact(ctx.language, contact.user_id, until, deputy, ctx.names))
    return Text.join(", ", shown)


async def _facts(ctx: CommandContext, department: Department) -> list[Text]:
    away = await ctx.store.absences.current(ctx.today)
    return [
        ctx.text(
            "measure.fact",
            label=ctx.word("label.party_kind"),
            value=party_word(ctx.language, department.party_kind),
        ),
        ctx.text(
            "measure.fact",
            label=ctx.word("label.room"),
            value=values.value(ctx.language, "room", department.room),
        ),
        ctx.text(
            "measure.fact",
            label=ctx.word("label.contacts"),
            value=_contacts(ctx, department, away),
        ),
    ]
