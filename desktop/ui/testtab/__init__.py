"""The test tab (try, compare and evaluate models). Use :class:`TestTab` with :class:`TestTabServices`."""

from desktop.ui.testtab.services import TestTabServices
from desktop.ui.testtab.widget import TestTab

__all__ = ["TestTab", "TestTabServices"]
