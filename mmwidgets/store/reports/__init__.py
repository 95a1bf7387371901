"""Caseload and team reports: the per-client summary kept on save, the fast and exact report paths, files, the research export."""
