"""The local engine: an OpenAI-compatible fine-tuning server that trains open models with LoRA."""
