"""Finetune Desk (微调工作台): from a spreadsheet of examples to a fine-tuned model you have tested."""

__version__ = "0.1.0"
APP_NAME = "Finetune Desk"
ORGANIZATION = "FinetuneDesk"
