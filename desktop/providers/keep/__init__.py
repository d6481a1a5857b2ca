"""Keep your fine-tunes: inventory, export, golden answers and retraining elsewhere (no Qt).

- :mod:`.inventory`: every fine-tuned model and job of a profile, with the days left before new
  jobs stop and before the model retires (from the catalog), most urgent first.
- :mod:`.export`: everything of a profile saved into a folder as plain files with an ``index.json``;
  resumable, with a report of what was saved and what could not be.
- :mod:`.golden`: a model's answers over a data set kept as "golden" answers, and a later model
  compared against them with the batch evaluation.
- :mod:`.retrain`: the same training (files, mapped hyperparameters, suffix) started on another profile.
- :mod:`.workflows`: the keep page's workflows end to end (list, export, record, compare, retrain),
  each one call for a worker thread, reporting typed progress events (:mod:`desktop.providers.events`).
"""
