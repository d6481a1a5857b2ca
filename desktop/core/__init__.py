"""Data sets, readers and writers, checks, fixes, tokens, catalog and cost. No Qt, no openai."""
