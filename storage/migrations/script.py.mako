<%
    doc = (message or "").strip()
    doc = doc[:1].upper() + doc[1:] + ("" if doc.endswith(".") else ".")
%>"""${doc}"""

import sqlalchemy as sa
from alembic import op

import storage.models
% if imports:
${imports}
% endif

revision = ${repr(up_revision)}
down_revision = ${repr(down_revision)}
% if branch_labels:
branch_labels = ${repr(branch_labels)}
% endif
% if depends_on:
depends_on = ${repr(depends_on)}
% endif


def upgrade() -> None:
    ${upgrades if upgrades else "pass"}


def downgrade() -> None:
    ${downgrades if downgrades else "pass"}
