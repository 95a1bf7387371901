"""``python -m mmwidgets.store.alembic revision "what it does"``: a new, empty revision after the head.

Fill in its ``upgrade()`` with ``op`` calls (``op.add_column``, ``op.create_index``, ...; on SQLite
use ``with op.batch_alter_table(name) as batch:`` for changes SQLite cannot ALTER). Change the
table class in the same commit; ``tests/test_store_alembic.py`` checks that they agree.
"""

from __future__ import annotations

import sys

from alembic import command

from mmwidgets.store.migrations import _config, revision_chain


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] != "revision":
        print(__doc__.strip().splitlines()[0])
        return 2
    number = len(revision_chain()) + 5  # mm0006, mm0007, ...: the schema_version it brings
    script = command.revision(_config(), message=argv[1], rev_id=f"mm{number:04d}")
    print(script.path if not isinstance(script, list) else script[0].path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
