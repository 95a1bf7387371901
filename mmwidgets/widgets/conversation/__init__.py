"""The conversation at the table: client picker, date, guided steps, stress check-in, bridge editor, suggestion, score."""
