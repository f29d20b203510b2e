"""`!mittel`: the measures that need funds beyond the existing budgets, with amount,
council paper (Drucksache) and decision, and what they come to together."""

from __future__ import annotations

from commands import paging
from commands.context import CommandContext
from commands.spec import command
from messages import values
from messages.reply import Reply
from messages.texts import decision_word, euro
from plan.funding import Decision


@command("mittel", english=("funding",), options=(paging.PAGE_OPT,))
async def list_funding(ctx: CommandContext, page: int | None) -> Reply:
    """List the measures with additional funding needs, a page at a time, with the total
    and the part the council bodies have adopted."""
    measures = await ctx.store.measures.needing_funds()
    if not measures:
        return Reply(lines=(ctx.text("funding.none"),))
    shown = paging.page_of(measures, page)
    total = sum(m.amount_cents or 0 for m in measures)
    adopted = sum(m.amount_cents or 0 for m in measures if m.decision == Decision.ADOPTED)
    return Reply(
        lines=(
            ctx.counted(
                "funding.heading",
                len(measures),
                total=euro(ctx.language, total),
                adopted=euro(ctx.language, adopted),
            ),
        ),
        items=tuple(
            ctx.text(
                "funding.line",
                id=m.id,
                title=m.title,
                department=values.responsible(
                    ctx.language,
                    m.department.code if m.department else None,
                    [d.code for d in m.involved],
                ),
                amount=euro(ctx.language, m.amount_cents),
                paper=m.council_paper or ctx.word("none"),
                decision=decision_word(ctx.language, m.decision),
            )
            for m in shown.items
        ),
        footer=paging.footer(ctx, shown, ctx.registry.words_of(list_funding, ctx.language)),
    )
