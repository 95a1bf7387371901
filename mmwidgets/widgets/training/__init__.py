"""Training exercises and the trainer's view, built from the same widgets as the conversation."""
