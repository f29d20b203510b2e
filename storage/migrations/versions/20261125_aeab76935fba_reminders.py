"""Reminders."""

import sqlalchemy as sa
from alembic import op

import storage.models

revision = 'aeab76935fba'
down_revision = '059dbb6acb13'


def upgrade() -> None:
    op.create_table('sent_reminders',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('measure_id', sa.Integer(), nullable=False),
    sa.Column('deadline', sa.Date(), nullable=False),
    sa.Column('stage', sa.String(length=10), nullable=False),
    sa.Column('outbox_id', sa.Integer(), nullable=False),
    sa.Column('queued_at', storage.models.UTCDateTime(), nullable=False),
    sa.Column('acknowledged_by', sa.String(length=255), nullable=True),
    sa.Column('acknowledged_at', storage.models.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['measure_id'], ['measures.id'], ),
    sa.ForeignKeyConstraint(['outbox_id'], ['outbox.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('measure_id', 'deadline', 'stage')
    )
    with op.batch_alter_table('sent_reminders', schema=None) as batch_op:
        batch_op.create_index('ix_sent_reminders_queued', ['queued_at'], unique=False)

    with op.batch_alter_table('measures', schema=None) as batch_op:
        batch_op.add_column(sa.Column('deadline_set_at', storage.models.UTCDateTime(), nullable=True))
    # deadlines set before this version: take the creation time as when they were set
    op.execute("UPDATE measures SET deadline_set_at = created_at WHERE deadline IS NOT NULL")

    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.add_column(sa.Column('fallback_room_id', sa.String(length=255), nullable=True))
        batch_op.create_index('ix_outbox_sent_event', ['sent_event_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_sent_event')
        batch_op.drop_column('fallback_room_id')

    with op.batch_alter_table('measures', schema=None) as batch_op:
        batch_op.drop_column('deadline_set_at')

    with op.batch_alter_table('sent_reminders', schema=None) as batch_op:
        batch_op.drop_index('ix_sent_reminders_queued')

    op.drop_table('sent_reminders')
