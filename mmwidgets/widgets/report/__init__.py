"""Caseload and team report views and their tables."""
