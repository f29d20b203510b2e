"""Absences: a contact away until a date, and who stands in."""

import sqlalchemy as sa
from alembic import op

import storage.models

revision = 'b8801f0816fa'
down_revision = 'b7e2eb848f1c'


def upgrade() -> None:
    op.create_table('absences',
    sa.Column('user_id', sa.String(length=255), nullable=False),
    sa.Column('until', sa.Date(), nullable=False),
    sa.Column('deputy', sa.String(length=255), nullable=True),
    sa.Column('set_at', storage.models.UTCDateTime(), nullable=False),
    sa.Column('set_by', sa.String(length=255), nullable=False),
    sa.Column('event_id', sa.String(length=255), nullable=True),
    sa.PrimaryKeyConstraint('user_id')
    )


def downgrade() -> None:
    op.drop_table('absences')
