"""Schema 5: the schema of mmwidgets before Alembic (the hand-written runner's version 5).

Revision ``mm0005`` is the first; ``down_revision`` is None. On an empty database it creates the
tables exactly as schema version 5 had them (frozen here: the models may change later, this file
does not) and runs the old runner's steps 1-5 on them, which add what the models do not hold: the
access log's append-only triggers, the log's secret, the index on (coach, team) and the empty
report summary. A database made by the old runner (schema_version 1-5) is not upgraded by this file:
:func:`mmwidgets.store.migrations.upgrade` runs its remaining old steps and then stamps it with this
revision (see :func:`create_tables` and ``LEGACY_STEPS``).

Generated on 2026-12-06 with Alembic's autogenerate from the models at commit 561066d (schema 5),
turned into plain ``sa.Table`` definitions so that both paths can create missing tables with them.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "mm0005"
down_revision = None
branch_labels = None
depends_on = None


def _index(metadata: sa.MetaData, name: str, table: str, columns: list[str], unique: bool) -> None:
    t = metadata.tables[table]
    sa.Index(name, *[t.c[c] for c in columns], unique=unique)


def schema_5(metadata: sa.MetaData) -> sa.MetaData:
    """Add the tables of schema version 5 to ``metadata`` (frozen: never edit them, add a revision)."""
    sa.Table('access_key', metadata,
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('secret', sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint('id')
    )
    sa.Table('access_log', metadata,
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('at', sa.DateTime(), nullable=False),
        sa.Column('actor', sa.String(length=100), nullable=False),
        sa.Column('role', sa.String(length=20), nullable=False),
        sa.Column('team', sa.String(length=100), nullable=False),
        sa.Column('on_behalf_of', sa.String(length=100), server_default='', nullable=False),
        sa.Column('action', sa.String(length=20), nullable=False),
        sa.Column('object_code', sa.String(length=20), nullable=False),
        sa.Column('result', sa.String(length=10), nullable=False),
        sa.Column('origin', sa.String(length=64), nullable=False),
        sa.Column('detail', sa.String(length=100), server_default='', nullable=False),
        sa.PrimaryKeyConstraint('id')
    )
    _index(metadata, 'ix_access_log_object_at', 'access_log', ['object_code', 'at'], unique=False)
    _index(metadata, 'ix_access_log_team_at', 'access_log', ['team', 'at'], unique=False)
    sa.Table('clients', metadata,
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('pseudonym', sa.String(length=60), nullable=False),
        sa.Column('name_key', sa.String(length=240), nullable=False),
        sa.Column('note', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.Column('coach', sa.String(length=100), server_default='~lokaal', nullable=False),
        sa.Column('team', sa.String(length=100), server_default='lokaal', nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('name_key'),
        sa.UniqueConstraint('pseudonym')
    )
    sa.Table('training_misses', metadata,
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id')
    )
    _index(metadata, 'ix_training_misses_at', 'training_misses', ['at'], unique=False)
    sa.Table('training_sessions', metadata,
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('code', sa.String(length=16), nullable=False),
        sa.Column('definition_key', sa.String(length=60), nullable=False),
        sa.Column('vignette_id', sa.String(length=40), nullable=True),
        sa.Column('closed', sa.Boolean(), server_default='0', nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('code'),
        sqlite_autoincrement=True
    )
    sa.Table('assessments', metadata,
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('client_id', sa.Integer(), nullable=False),
        sa.Column('date', sa.Date(), nullable=False),
        sa.Column('definition_id', sa.String(length=40), nullable=False),
        sa.Column('definition_version', sa.Integer(), nullable=False),
        sa.Column('stress', sa.Integer(), nullable=True),
        sa.Column('stress_note', sa.Text(), server_default='', nullable=False),
        sa.Column('revision', sa.Integer(), server_default='0', nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['client_id'], ['clients.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('client_id', 'date', 'definition_id', 'definition_version', name='uq_assessment_day')
    )
    _index(metadata, 'ix_assessments_client_date', 'assessments', ['client_id', 'date'], unique=False)
    sa.Table('plan_goals', metadata,
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('key', sa.String(length=32), nullable=False),
        sa.Column('client_id', sa.Integer(), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('subpillar_id', sa.String(length=40), nullable=True),
        sa.Column('start_step', sa.Integer(), nullable=True),
        sa.Column('target_step', sa.Integer(), nullable=True),
        sa.Column('why', sa.Text(), server_default='', nullable=False),
        sa.Column('done_when', sa.Text(), server_default='', nullable=False),
        sa.Column('target_date', sa.Date(), nullable=True),
        sa.Column('status', sa.String(length=10), server_default='open', nullable=False),
        sa.Column('status_date', sa.Date(), nullable=True),
        sa.Column('review_date', sa.Date(), nullable=True),
        sa.Column('barriers', sa.Text(), server_default='', nullable=False),
        sa.Column('barrier_plan', sa.Text(), server_default='', nullable=False),
        sa.Column('waits_for', sa.String(length=32), nullable=True),
        sa.Column('created_on', sa.Date(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['client_id'], ['clients.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('key')
    )
    _index(metadata, 'ix_plan_goals_client', 'plan_goals', ['client_id'], unique=False)
    sa.Table('plan_history', metadata,
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('client_id', sa.Integer(), nullable=False),
        sa.Column('at', sa.DateTime(), nullable=False),
        sa.Column('entity', sa.String(length=10), nullable=False),
        sa.Column('key', sa.String(length=32), nullable=False),
        sa.Column('goal_key', sa.String(length=32), nullable=True),
        sa.Column('field', sa.String(length=30), nullable=False),
        sa.Column('old_value', sa.Text(), nullable=True),
        sa.Column('new_value', sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(['client_id'], ['clients.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id')
    )
    _index(metadata, 'ix_plan_history_client_at', 'plan_history', ['client_id', 'at'], unique=False)
    sa.Table('plan_rewards_given', metadata,
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('key', sa.String(length=32), nullable=False),
        sa.Column('client_id', sa.Integer(), nullable=False),
        sa.Column('date', sa.Date(), nullable=False),
        sa.Column('for_what', sa.Text(), nullable=False),
        sa.Column('value_cents', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=12), nullable=False),
        sa.Column('goal_key', sa.String(length=32), nullable=True),
        sa.Column('reward_key', sa.String(length=32), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['client_id'], ['clients.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('key')
    )
    _index(metadata, 'ix_plan_rewards_given_client_date', 'plan_rewards_given', ['client_id', 'date'], unique=False)
    sa.Table('plans', metadata,
        sa.Column('client_id', sa.Integer(), nullable=False),
        sa.Column('next_meeting', sa.DateTime(), nullable=True),
        sa.Column('next_meeting_note', sa.Text(), server_default='', nullable=False),
        sa.Column('ignored', sa.Text(), server_default='[]', nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['client_id'], ['clients.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('client_id')
    )
    sa.Table('research_codes', metadata,
        sa.Column('client_id', sa.Integer(), nullable=False),
        sa.Column('code', sa.String(length=16), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['client_id'], ['clients.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('client_id'),
        sa.UniqueConstraint('code')
    )
    sa.Table('training_stages', metadata,
        sa.Column('session_id', sa.Integer(), nullable=False),
        sa.Column('exercise', sa.Integer(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['session_id'], ['training_sessions.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('session_id')
    )
    sa.Table('training_trainees', metadata,
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('session_id', sa.Integer(), nullable=False),
        sa.Column('nickname', sa.String(length=20), nullable=False),
        sa.Column('nick_key', sa.String(length=20), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['session_id'], ['training_sessions.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('session_id', 'nick_key', name='uq_trainee_nickname'),
        sqlite_autoincrement=True
    )
    sa.Table('choices', metadata,
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('assessment_id', sa.Integer(), nullable=False),
        sa.Column('subpillar_id', sa.String(length=40), nullable=False),
        sa.Column('step', sa.Integer(), nullable=True),
        sa.Column('chosen_by', sa.String(length=10), nullable=False),
        sa.Column('note', sa.Text(), nullable=False),
        sa.Column('focus', sa.Boolean(), nullable=False),
        sa.Column('revision', sa.Integer(), server_default='0', nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['assessment_id'], ['assessments.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('assessment_id', 'subpillar_id', name='uq_choice_subpillar')
    )
    sa.Table('plan_actions', metadata,
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('key', sa.String(length=32), nullable=False),
        sa.Column('goal_id', sa.Integer(), nullable=False),
        sa.Column('client_id', sa.Integer(), nullable=False),
        sa.Column('what', sa.Text(), nullable=False),
        sa.Column('who', sa.String(length=10), nullable=True),
        sa.Column('who_name', sa.String(length=60), server_default='', nullable=False),
        sa.Column('due', sa.Date(), nullable=True),
        sa.Column('done_on', sa.Date(), nullable=True),
        sa.Column('created_on', sa.Date(), nullable=True),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['client_id'], ['clients.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['goal_id'], ['plan_goals.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('key')
    )
    _index(metadata, 'ix_plan_actions_client', 'plan_actions', ['client_id'], unique=False)
    _index(metadata, 'ix_plan_actions_goal', 'plan_actions', ['goal_id'], unique=False)
    sa.Table('plan_rewards', metadata,
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('key', sa.String(length=32), nullable=False),
        sa.Column('goal_id', sa.Integer(), nullable=False),
        sa.Column('client_id', sa.Integer(), nullable=False),
        sa.Column('what', sa.Text(), nullable=False),
        sa.Column('kind', sa.String(length=12), nullable=False),
        sa.Column('for_what', sa.String(length=10), nullable=False),
        sa.Column('interim', sa.Text(), server_default='', nullable=False),
        sa.Column('tier', sa.String(length=40), nullable=True),
        sa.Column('value_cents', sa.Integer(), nullable=True),
        sa.Column('created_on', sa.Date(), nullable=True),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['client_id'], ['clients.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['goal_id'], ['plan_goals.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('key')
    )
    _index(metadata, 'ix_plan_rewards_client', 'plan_rewards', ['client_id'], unique=False)
    _index(metadata, 'ix_plan_rewards_goal', 'plan_rewards', ['goal_id'], unique=False)
    sa.Table('training_answers', metadata,
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('trainee_id', sa.Integer(), nullable=False),
        sa.Column('vignette_id', sa.String(length=40), nullable=False),
        sa.Column('subpillar_id', sa.String(length=40), nullable=False),
        sa.Column('step', sa.Integer(), nullable=True),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['trainee_id'], ['training_trainees.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('trainee_id', 'vignette_id', 'subpillar_id', name='uq_training_answer')
    )
    _index(metadata, 'ix_training_answers_vignette', 'training_answers', ['vignette_id'], unique=False)
    sa.Table('training_checks', metadata,
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('trainee_id', sa.Integer(), nullable=False),
        sa.Column('vignette_id', sa.String(length=40), nullable=False),
        sa.Column('checks', sa.Integer(), nullable=False),
        sa.Column('attempt', sa.Integer(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['trainee_id'], ['training_trainees.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('trainee_id', 'vignette_id', name='uq_training_check')
    )
    sa.Table('training_keys', metadata,
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('session_id', sa.Integer(), nullable=False),
        sa.Column('trainee_id', sa.Integer(), nullable=True),
        sa.Column('key_hash', sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(['session_id'], ['training_sessions.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['trainee_id'], ['training_trainees.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('session_id', 'trainee_id', name='uq_training_key')
    )
    sa.Table('training_responses', metadata,
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('trainee_id', sa.Integer(), nullable=False),
        sa.Column('exercise', sa.String(length=20), nullable=False),
        sa.Column('item_id', sa.String(length=60), nullable=False),
        sa.Column('value', sa.Text(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['trainee_id'], ['training_trainees.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('trainee_id', 'exercise', 'item_id', name='uq_training_response')
    )
    sa.Table('report_summary', metadata,
        sa.Column('client_id', sa.Integer(), nullable=False),
        sa.Column('definition_id', sa.String(length=40), nullable=False),
        sa.Column('definition_version', sa.Integer(), nullable=False),
        sa.Column('subpillar_id', sa.String(length=40), nullable=False),
        sa.Column('first_date', sa.Date(), nullable=False),
        sa.Column('first_step', sa.Integer(), nullable=False),
        sa.Column('second_date', sa.Date(), nullable=True),
        sa.Column('second_step', sa.Integer(), nullable=True),
        sa.Column('latest_date', sa.Date(), nullable=False),
        sa.Column('latest_step', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['client_id'], ['clients.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('client_id', 'definition_id', 'definition_version', 'subpillar_id')
    )
    return metadata


def create_tables(conn: sa.engine.Connection) -> None:
    """Create every table of schema 5 the database lacks (existing tables are left as they are)."""
    schema_5(sa.MetaData()).create_all(conn, checkfirst=True)


def upgrade() -> None:
    from mmwidgets.store.migrations import run_legacy_steps

    conn = op.get_bind()
    create_tables(conn)
    run_legacy_steps(conn, after=0)


def downgrade() -> None:
    raise NotImplementedError("mmwidgets does not go back to an empty database; restore a backup instead")
