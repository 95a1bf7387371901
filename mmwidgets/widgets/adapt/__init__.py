"""Adapting a bridge: editor, rules, preview, compare and save."""
