"""report_readings: every reading per client, bridge and sub-pillar, packed, for reports over any period.

Revision mm0007 (after mm0006, the pseudonyms per coach of issue 23), written 2026-12-06 (issue 20).
Runs at Store start inside the locked transaction (mmwidgets/store/migrations.py); must work on
SQLite and PostgreSQL. Makes the table ``report_readings`` (frozen here as it was made) and fills it,
and the report summary again, from every answer already saved
(:func:`mmwidgets.store.reports.summary.rebuild`; 10,000 clients x 20 conversations: see
docs/benchmarks.md).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = 'mm0007'
down_revision = 'mm0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    from mmwidgets.store.reports.summary import rebuild

    conn = op.get_bind()
    metadata = sa.MetaData()
    sa.Table('clients', metadata, sa.Column('id', sa.Integer(), primary_key=True))  # only named, never made here
    readings = sa.Table('report_readings', metadata,
        sa.Column('client_id', sa.Integer(), nullable=False),
        sa.Column('definition_id', sa.String(length=40), nullable=False),
        sa.Column('definition_version', sa.Integer(), nullable=False),
        sa.Column('subpillar_id', sa.String(length=40), nullable=False),
        sa.Column('readings', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['client_id'], ['clients.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('client_id', 'definition_id', 'definition_version', 'subpillar_id')
    )
    metadata.create_all(conn, tables=[readings], checkfirst=True)
    rebuild(conn)


def downgrade() -> None:
    op.drop_table('report_readings')
