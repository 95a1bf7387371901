"""Goal-action plans in the database: tables and the repository."""
