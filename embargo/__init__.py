"""embargo: sanctions and export-control screening.

Official lists are read in their native formats (`embargo.sources`), kept as versioned
data (`embargo.catalog`), normalized across scripts (`embargo.normalize`), indexed
(`embargo.index`) and matched with explained scores (`embargo.match`). Interfaces (CLI,
HTTP API, batch engines) live in `embargo.services` and hold no matching logic.
"""

__version__ = "0.1.0"

from embargo import screen  # noqa: E402  (callable: embargo.screen(...))
from embargo.match import compare  # noqa: E402

__all__ = ["__version__", "compare", "screen"]
