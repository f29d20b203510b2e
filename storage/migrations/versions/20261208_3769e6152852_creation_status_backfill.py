"""The status and progress each measure was created with, for records written before
they were kept: past weeks are rebuilt from them (plan.as_of)."""

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = '3769e6152852'
down_revision = '3f2bba0c43c6'

changes = sa.table(
    'changes',
    sa.column('id', sa.Integer),
    sa.column('measure_id', sa.Integer),
    sa.column('kind', sa.String),
    sa.column('details', sa.JSON),
)
measures = sa.table(
    'measures',
    sa.column('id', sa.Integer),
    sa.column('status', sa.String),
    sa.column('progress', sa.Integer),
)


def upgrade() -> None:
    bind = op.get_bind()
    # a measure's first update knows what it stood at before; without one, it still
    # stands as it was created
    first_before: dict[int, dict[str, Any]] = {}
    for measure_id, details in bind.execute(
        sa.select(changes.c.measure_id, changes.c.details)
        .where(changes.c.kind == 'update')
        .order_by(changes.c.id.desc())
    ):
        first_before[measure_id] = (details or {}).get('before') or {}
    now = {m: (s, p) for m, s, p in bind.execute(sa.select(measures))}
    for change_id, measure_id, details in bind.execute(
        sa.select(changes.c.id, changes.c.measure_id, changes.c.details).where(
            changes.c.kind == 'created'
        )
    ):
        if not isinstance(details, dict) or 'status' in details or measure_id not in now:
            continue
        before = first_before.get(measure_id)
        status, progress = (
            (before.get('status'), before.get('progress')) if before else now[measure_id]
        )
        bind.execute(
            changes.update()
            .where(changes.c.id == change_id)
            .values(details={**details, 'status': status, 'progress': progress or 0})
        )


def downgrade() -> None:
    pass  # the added keys are read as before by older versions
