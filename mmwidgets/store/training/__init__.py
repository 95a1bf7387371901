"""Training sessions, trainees and answers in the database: tables and the repository."""
