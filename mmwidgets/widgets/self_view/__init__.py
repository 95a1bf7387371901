"""Widgets of the client's own bridge: the client's page and the coach's invite and comparison."""
