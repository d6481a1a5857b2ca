"""The Profiles dialog: where to train (OpenAI, Azure OpenAI, a compatible server, the local engine)."""
