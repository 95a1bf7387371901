"""Domain layer: pure Python, no Jupyter imports."""
