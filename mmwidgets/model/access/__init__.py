"""The access log as a person filters it."""
