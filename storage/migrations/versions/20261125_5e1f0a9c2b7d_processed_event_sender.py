"""processed event sender

Revision ID: 5e1f0a9c2b7d
Revises: c40b0bca13aa
Create Date: 2026-11-25 09:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '5e1f0a9c2b7d'
down_revision = 'c40b0bca13aa'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('processed_events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sender', sa.String(length=255), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('processed_events', schema=None) as batch_op:
        batch_op.drop_column('sender')
