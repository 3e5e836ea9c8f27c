"""Screening: parties (`embargo.screen.party`), batches, documents, payment messages.

The package itself is callable as a shortcut to `embargo.screen.party.screen`, so
that ``embargo.screen("Sergei Shoigu", entities=...)`` works next to the
sub-modules (``embargo.screen.party``, ``embargo.screen.documents``…).
"""

from __future__ import annotations

import sys
import types
from typing import Any

from embargo.screen.party import Hit, Query, Screener, ScreenResult, screen

__all__ = ["Hit", "Query", "ScreenResult", "Screener", "screen"]


class _CallableModule(types.ModuleType):
    """Module type whose instances forward calls to `screen`."""

    def __call__(self, *args: Any, **kwargs: Any) -> ScreenResult:
        return screen(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
