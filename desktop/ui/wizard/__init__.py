"""The fine-tuning wizard (QWizard): from checked data to a created job."""
