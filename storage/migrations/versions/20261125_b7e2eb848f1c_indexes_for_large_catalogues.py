"""Indexes for large catalogues."""

from alembic import op

revision = 'b7e2eb848f1c'
down_revision = '8b3d6e2f41a0'


def upgrade() -> None:
    # a measure's newest standing update in one index seek (the digest's stale measures);
    # withdrawn_at last, so that both SQLite and PostgreSQL read max(at) off the index
    op.create_index(
        'ix_updates_standing', 'updates', ['measure_id', 'at', 'withdrawn_at'], unique=False
    )
    # the reminders acknowledged in the digest's week
    op.create_index(
        'ix_sent_reminders_acknowledged', 'sent_reminders', ['acknowledged_at'], unique=False
    )


def downgrade() -> None:
    op.drop_index('ix_sent_reminders_acknowledged', table_name='sent_reminders')
    op.drop_index('ix_updates_standing', table_name='updates')
