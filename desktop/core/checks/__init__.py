"""The data checks: one analysis of a whole data set, and an incremental one for edited rows.

What is checked (each finding has English and Chinese text, its rows and, where one exists, a fix):

- The format, per example: for chat data everything the OpenAI cookbook checks (not a dict, missing
  ``messages``, missing or unknown keys, unknown role, missing content, no assistant message,
  missing system/user message), extended to what the API takes today: the ``tool`` role and
  ``tool_calls``, ``weight`` 0/1, multi-part content, ``tools``; preference pairs (DPO); and for
  prompt/completion data the columns, extra keys and empty fields.
- Everything openai 2.34.0's ``prepare_data`` checks for prompt/completion data (example count,
  column names, extra columns, empty fields, duplicates, long examples, the prompt separator,
  common prompt and completion prefixes, the completion ending, the leading space, upper case),
  with its advice for babbage-002/davinci-002, but with row indexes that always mean the same rows
  (the peer mixed row positions with labels in its long-example check).
- Exact token counts against the chosen model's per-example limit, fewer than 10 (error) or 50
  (warning) examples, whitespace at either end, mixed line endings, control characters and invalid
  Unicode, inconsistent system prompts, near-duplicates, and strings that look like secrets or
  personal data (reported only; nothing is sent anywhere).

Rows in findings are indexes into ``dataset.examples``.

The modules: :mod:`.messages` (the bilingual message table), :mod:`.rows` (per-row preparation),
:mod:`.counting` (token counting glue), :mod:`.legacy` (the old ``prepare_data`` tool's checks),
:mod:`.dataset_checks` (checks over the whole data set) and :mod:`.analyzer` (the analysis). This
package re-exports the names its callers use.
"""

from desktop.core.checks.analyzer import Analyzer, ProgressFn, analyze, estimate_for, histogram
from desktop.core.checks.dataset_checks import MIN_EXAMPLES, RECOMMENDED_EXAMPLES
from desktop.core.checks.legacy import LEGACY_ADVICE, common_prefix, common_suffix, infer_task_type
from desktop.core.checks.messages import ROW_FINDINGS
from desktop.core.checks.rows import RowFacts, row_facts

__all__ = [
    "LEGACY_ADVICE",
    "MIN_EXAMPLES",
    "RECOMMENDED_EXAMPLES",
    "ROW_FINDINGS",
    "Analyzer",
    "ProgressFn",
    "RowFacts",
    "analyze",
    "common_prefix",
    "common_suffix",
    "estimate_for",
    "histogram",
    "infer_task_type",
    "row_facts",
]
