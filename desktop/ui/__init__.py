"""Qt widgets, models and workers of the desktop application."""
