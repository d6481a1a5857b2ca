"""Talking to fine-tuning providers over the OpenAI protocol: profiles, keyring, uploads, jobs. No Qt."""
