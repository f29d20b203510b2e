"""`!export`: the measure catalogue as a CSV file in the room."""

from __future__ import annotations

from commands.context import CommandContext
from commands.spec import command
from messages.reply import Attachment, Reply
from services.catalogue_csv import export_csv


@command("export", english=("export",), slow=True)
async def export_command(ctx: CommandContext) -> Reply:
    """Upload the catalogue as `massnahmen-JJJJ-MM-TT.csv`."""
    data, count = await export_csv(ctx.store, ctx.settings.tz)
    name = f"massnahmen-{ctx.today:%Y-%m-%d}.csv"
    return Reply(
        lines=(ctx.counted("export.done", count, name=name),),
        attachments=(Attachment(name, "text/csv", data, "m.file"),),
    )
