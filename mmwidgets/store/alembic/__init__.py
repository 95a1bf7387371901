"""The schema's Alembic revisions (``versions/``), run at start by :mod:`mmwidgets.store.migrations`.

No ``alembic.ini`` and no ``env.py``: :func:`mmwidgets.store.migrations.upgrade` builds Alembic's
configuration in code and runs the revisions inside the Store's own locked transaction. The first
revision, ``mm0005``, is the schema of the runner that came before (its version 5). To write the
next one: ``python -m mmwidgets.store.alembic revision "what it does"``.
"""
