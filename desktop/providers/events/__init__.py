"""Progress events: what long provider work reports while it runs, as typed frozen dataclasses.

A workflow takes ``progress: Callable[[Event], None]`` and calls it with one of its family's
events, from whatever thread does the work; a view receives them (through ``run_in_background``'s
``on_progress``) and dispatches on the type::

    match event:
        case UploadProgress(name=name, sent=sent, total=total): ...
        case JobUpdated(job=job): ...

One small module per family, importable without any heavy library:

- :mod:`.evaluation`: rows asked of a model and its answers arriving (record, compare, batch).
- :mod:`.uploads`: a training file going out to a provider.
- :mod:`.jobs`: a fine-tuning job created and its status as it is polled.
- :mod:`.engine_models`: the local engine's base models listed, before their estimates arrive.
- :mod:`.export`: everything of a profile being saved into an export folder.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

Event = TypeVar("Event")

# The shape of every ``progress`` parameter: called with one event at a time, from the worker thread.
Progress = Callable[[Event], None]
