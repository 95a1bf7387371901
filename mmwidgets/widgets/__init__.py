"""ipywidgets composites. No SQL, no figure maths: they show model objects and emit changes."""
