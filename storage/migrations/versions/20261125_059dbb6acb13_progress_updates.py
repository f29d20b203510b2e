"""Progress updates."""

import sqlalchemy as sa
from alembic import op

import storage.models

revision = '059dbb6acb13'
down_revision = 'cd3dc6d82e5f'


def upgrade() -> None:
    op.create_table('updates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('measure_id', sa.Integer(), nullable=False),
    sa.Column('author', sa.String(length=255), nullable=False),
    sa.Column('at', storage.models.UTCDateTime(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=True),
    sa.Column('progress', sa.Integer(), nullable=True),
    sa.Column('event_id', sa.String(length=255), nullable=True),
    sa.Column('room_id', sa.String(length=255), nullable=True),
    sa.Column('corrected_at', storage.models.UTCDateTime(), nullable=True),
    sa.Column('withdrawn_at', storage.models.UTCDateTime(), nullable=True),
    sa.Column('withdrawn_by', sa.String(length=255), nullable=True),
    sa.ForeignKeyConstraint(['measure_id'], ['measures.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('event_id')
    )
    with op.batch_alter_table('updates', schema=None) as batch_op:
        batch_op.create_index('ix_updates_at', ['at'], unique=False)
        batch_op.create_index('ix_updates_measure', ['measure_id', 'id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('updates', schema=None) as batch_op:
        batch_op.drop_index('ix_updates_measure')
        batch_op.drop_index('ix_updates_at')

    op.drop_table('updates')
