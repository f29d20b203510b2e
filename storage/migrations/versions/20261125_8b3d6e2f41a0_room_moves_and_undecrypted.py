"""Room moves and undecrypted events."""

import sqlalchemy as sa
from alembic import op

import storage.models

revision = '8b3d6e2f41a0'
down_revision = '5e1f0a9c2b7d'


def upgrade() -> None:
    op.create_table('room_moves',
    sa.Column('old_room_id', sa.String(length=255), nullable=False),
    sa.Column('new_room_id', sa.String(length=255), nullable=False),
    sa.Column('moved_at', storage.models.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('old_room_id')
    )
    op.create_table('undecrypted_events',
    sa.Column('event_id', sa.String(length=255), nullable=False),
    sa.Column('room_id', sa.String(length=255), nullable=False),
    sa.Column('sender', sa.String(length=255), nullable=False),
    sa.Column('source', sa.JSON(), nullable=False),
    sa.Column('received_at', storage.models.UTCDateTime(), nullable=False),
    sa.Column('notified_at', storage.models.UTCDateTime(), nullable=True),
    sa.PrimaryKeyConstraint('event_id')
    )


def downgrade() -> None:
    op.drop_table('undecrypted_events')
    op.drop_table('room_moves')
