"""Processed event sender."""

import sqlalchemy as sa
from alembic import op

revision = '5e1f0a9c2b7d'
down_revision = 'c40b0bca13aa'


def upgrade() -> None:
    with op.batch_alter_table('processed_events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sender', sa.String(length=255), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('processed_events', schema=None) as batch_op:
        batch_op.drop_column('sender')
