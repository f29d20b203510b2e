"""Catalogue uploads waiting for their confirmation."""

import sqlalchemy as sa
from alembic import op

import storage.models

revision = '3f2bba0c43c6'
down_revision = 'b240c633ca4c'


def upgrade() -> None:
    op.create_table('catalogue_uploads',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=12), nullable=False),
    sa.Column('uploader', sa.String(length=255), nullable=False),
    sa.Column('room_id', sa.String(length=255), nullable=False),
    sa.Column('event_id', sa.String(length=255), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=True),
    sa.Column('uploaded_at', storage.models.UTCDateTime(), nullable=False),
    sa.Column('expires_at', storage.models.UTCDateTime(), nullable=False),
    sa.Column('applied_at', storage.models.UTCDateTime(), nullable=True),
    sa.Column('applied_event_id', sa.String(length=255), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('code')
    )


def downgrade() -> None:
    op.drop_table('catalogue_uploads')
