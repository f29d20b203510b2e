"""Digest and attachments."""

import sqlalchemy as sa
from alembic import op

import storage.models

revision = 'c40b0bca13aa'
down_revision = 'aeab76935fba'


def upgrade() -> None:
    op.create_table('posted_digests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('iso_year', sa.Integer(), nullable=False),
    sa.Column('iso_week', sa.Integer(), nullable=False),
    sa.Column('queued_at', storage.models.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('iso_year', 'iso_week')
    )
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.add_column(sa.Column('attachment', sa.LargeBinary(), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_column('attachment')

    op.drop_table('posted_digests')
