"""Programmes: the model, loading TOML files with readable problems, the catalogue."""

# The programme a new user starts with (the coach's choice without a history); here, not
# in the catalogue, so the first window can name it without loading the programme files.
DEFAULT_PROGRAM = "hip-extension"
