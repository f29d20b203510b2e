"""A catalogue uploaded to the group room: its dry run, answered with a confirmation code,
and `!import bestätigen <Code>`, which applies it.

Only the coordinator who uploaded the file may confirm it, within CODE_VALID; the import
is then made in the confirmation's transaction, in the uploader's name, all rows or none.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from commands import permissions
from commands.context import CommandContext
from commands.errors import CommandError, Forbidden, NotFound, Silent
from commands.roles import Role
from commands.spec import Arg, command, ignoring_today
from messages.reply import Reply
from messages.text import Text
from plan import spelling
from services.catalogue_csv import ImportResult, import_csv
from services.spreadsheet_csv import MAX_BYTES

CODE_VALID = timedelta(minutes=30)
# no 0/O, 1/I/L: a code is read off a phone and typed on another device
CODE_LETTERS = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
# ids and errors shown in a reply; a long file's rest is counted
SHOWN = 20


def _code(value: str) -> str:
    """A confirmation code as written: case and spaces do not matter."""
    code = "".join(value.split()).upper()
    if len(code) != CODE_LENGTH or not set(code) <= set(CODE_LETTERS):
        raise spelling.Invalid("error.bad_upload_code", value=value)
    return code


async def dry_run(
    ctx: CommandContext, filename: str, data: bytes | None, problem: str | None = None
) -> Reply:
    """What importing the uploaded file would change, and the code that applies it; the
    file itself is kept until then. Nothing of the catalogue is changed. Without `data`,
    the text key `problem` says why the file could not be read."""
    if not permissions.is_coordinator(ctx):
        raise Silent()  # staff share spreadsheets too: only coordinators' are catalogues
    if data is None:
        raise CommandError(problem or "upload.unreadable", name=filename, mib=MAX_BYTES >> 20)
    async with ctx.store.session.begin_nested() as trying:
        result = await import_csv(ctx.store, data, ctx.settings.tz, ctx.origin, ctx.language)
        await trying.rollback()
    if result.errors:
        return Reply(
            lines=(ctx.counted("upload.failed", len(result.errors), name=filename),),
            items=_listed(ctx, [Text.of(e) for e in result.errors]),
        )
    summary = _summary(ctx, result)
    if not result.created and not result.updated:
        return Reply(lines=(ctx.text("upload.nothing", name=filename, summary=summary),))
    code = await _new_code(ctx)
    assert ctx.event_id is not None
    upload = await ctx.store.uploads.add(
        code, ctx.sender, ctx.room_id, ctx.event_id, filename, data, ctx.now, ctx.now + CODE_VALID
    )
    return Reply(
        lines=(
            ctx.text("upload.dry_run", name=filename, summary=summary),
            ctx.text(
                "upload.confirm",
                command=f"{ctx.registry.words_of(confirm_import, ctx.language)} {code}",
                uploader=ctx.person(ctx.sender),
                until=ctx.local(upload.expires_at),
            ),
        ),
        items=_changes(ctx, result),
        mentions=(ctx.sender,),
    )


@command(
    "import",
    "bestätigen",
    english=("import", "confirm"),
    who=Role.COORDINATOR,
    args=(Arg("code", "arg.upload_code", ignoring_today(_code), rest=True),),
    slow=True,
)
async def confirm_import(ctx: CommandContext, code: str) -> Reply:
    """Apply an uploaded catalogue after its dry run: only its uploader, within CODE_VALID,
    once; the audit trail names the uploader."""
    upload = await ctx.store.uploads.by_code(code)
    if upload is None or upload.room_id != ctx.room_id:
        raise NotFound("error.upload_unknown", code=code)
    if not permissions.may_confirm_import(ctx, upload.uploader):
        raise Forbidden("error.upload_not_yours", uploader=ctx.person(upload.uploader))
    if upload.applied_at is not None or upload.data is None:
        raise CommandError("error.upload_applied", code=code)
    if ctx.now > upload.expires_at:
        raise CommandError("error.upload_expired", code=code)
    result = await import_csv(ctx.store, upload.data, ctx.settings.tz, ctx.origin, ctx.language)
    if result.errors:  # the catalogue changed since the dry run: nothing is applied
        raise CommandError(
            "error.upload_now_fails",
            name=upload.filename,
            errors="; ".join(result.errors[:SHOWN]),
        )
    ctx.store.uploads.applied(upload, ctx.now, ctx.event_id)
    return Reply(
        lines=(ctx.text("upload.applied", name=upload.filename, summary=_summary(ctx, result)),),
        items=_changes(ctx, result),
    )


async def _new_code(ctx: CommandContext) -> str:
    """A confirmation code no other upload has (31⁶ of them: a clash is rare, not impossible)."""
    while True:
        code = "".join(secrets.choice(CODE_LETTERS) for _ in range(CODE_LENGTH))
        if await ctx.store.uploads.by_code(code) is None:
            return code


def _summary(ctx: CommandContext, result: ImportResult) -> Text:
    """ "2 Maßnahmen neu, 1 geändert, 40 unverändert"."""
    return ctx.text(
        "upload.summary",
        created=ctx.counted("upload.measures", len(result.created)),
        updated=len(result.updated),
        unchanged=len(result.unchanged),
    )


def _changes(ctx: CommandContext, result: ImportResult) -> tuple[Text, ...]:
    """The ids of the new and the changed measures, a line each."""
    lines = []
    for key, ids in (("upload.new_ids", result.created), ("upload.changed_ids", result.updated)):
        if ids:
            lines.append(ctx.text(key, ids=", ".join(f"M{n}" for n in ids[:SHOWN])))
            if len(ids) > SHOWN:
                lines.append(ctx.counted("measures.more_short", len(ids) - SHOWN))
    return tuple(lines)


def _listed(ctx: CommandContext, entries: list[Text]) -> tuple[Text, ...]:
    """At most SHOWN entries, and how many more there are."""
    shown = entries[:SHOWN]
    if len(entries) > SHOWN:
        shown.append(ctx.counted("measures.more_short", len(entries) - SHOWN))
    return tuple(shown)
