"""${message}

Revision ${up_revision} (after ${down_revision | comma,n}), written ${create_date}.
Runs at Store start inside the locked transaction (mmwidgets/store/migrations.py); must work on
SQLite and PostgreSQL. The table classes change in the same commit.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
${imports if imports else ""}
revision = ${repr(up_revision)}
down_revision = ${repr(down_revision)}
branch_labels = ${repr(branch_labels)}
depends_on = ${repr(depends_on)}


def upgrade() -> None:
    ${upgrades if upgrades else "pass"}


def downgrade() -> None:
    ${downgrades if downgrades else "raise NotImplementedError('restore a backup instead')"}
