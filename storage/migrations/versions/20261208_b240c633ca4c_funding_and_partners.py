"""The plan's money and partners: funding of a measure, partners, others involved."""

import sqlalchemy as sa
from alembic import op

revision = 'b240c633ca4c'
down_revision = 'c3a9d5e7f102'


def upgrade() -> None:
    with op.batch_alter_table('measures', schema=None) as batch_op:
        batch_op.add_column(sa.Column('funding', sa.String(length=12), nullable=True))
        batch_op.add_column(sa.Column('amount_cents', sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column('council_paper', sa.String(length=60), nullable=True))
        batch_op.add_column(sa.Column('decision', sa.String(length=12), nullable=True))
    with op.batch_alter_table('departments', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('party_kind', sa.String(length=12), server_default='fachbereich', nullable=False)
        )
    op.create_table('measure_involved',
    sa.Column('measure_id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['department_id'], ['departments.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['measure_id'], ['measures.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('measure_id', 'department_id')
    )


def downgrade() -> None:
    op.drop_table('measure_involved')
    with op.batch_alter_table('departments', schema=None) as batch_op:
        batch_op.drop_column('party_kind')
    with op.batch_alter_table('measures', schema=None) as batch_op:
        batch_op.drop_column('decision')
        batch_op.drop_column('council_paper')
        batch_op.drop_column('amount_cents')
        batch_op.drop_column('funding')
