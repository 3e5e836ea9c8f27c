"""``python -m embargo``: the command line (same as the ``embargo`` script)."""

from embargo.services.cli import main

main()
