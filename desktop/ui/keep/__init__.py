"""Keep your fine-tunes: the inventory page, export, golden answers, retraining elsewhere, comparison."""
