"""The local engine: an OpenAI-compatible fine-tuning server that trains open models with LoRA.

Run it with ``python -m engine serve [--host 127.0.0.1] [--port N] [--data-dir DIR] [--token T]``
(``--port 0`` picks a free port; it prints ``Finetune engine listening on http://HOST:PORT/v1``).
Every request needs ``Authorization: Bearer TOKEN``: ``--token``, ``$FINETUNE_ENGINE_TOKEN``, or
the one generated at first start in ``DATA_DIR/token``. Binding beyond loopback needs
``--allow-remote`` and an explicit token. ``$FINETUNE_ENGINE_DATA_DIR`` sets the default data folder
and ``$FINETUNE_ENGINE_THREADS`` the CPU threads torch uses.

Modules: ``api`` (HTTP routes), ``jobs`` (queue, cancel/pause/resume, recovery), ``files``
(files and uploads), ``serving``/``generation`` (chat and text completions), ``trainer`` (LoRA SFT
and DPO), ``textformat`` (chat templates and loss masks), ``datafiles`` (JSONL checks), ``catalog``
(base models, "auto" hyperparameters), ``tiny_random`` (the built-in test model), ``store`` (SQLite).
torch, transformers and peft are imported only by ``trainer``, ``generation`` and ``tiny_random``.
"""
