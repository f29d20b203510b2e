"""Questions for a Sachstand, one per measure and day, queued with the reminder message."""

import sqlalchemy as sa
from alembic import op

import storage.models

revision = 'c3a9d5e7f102'
down_revision = 'b8801f0816fa'


def upgrade() -> None:
    op.create_table('sachstand_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('measure_id', sa.Integer(), nullable=False),
    sa.Column('asked_on', sa.Date(), nullable=False),
    sa.Column('outbox_id', sa.Integer(), nullable=False),
    sa.Column('queued_at', storage.models.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['measure_id'], ['measures.id'], ),
    sa.ForeignKeyConstraint(['outbox_id'], ['outbox.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('measure_id', 'asked_on')
    )


def downgrade() -> None:
    op.drop_table('sachstand_requests')
