"""Private per-script romanizers behind `embargo.normalize.translit`.

One module per writing system (or family): each exposes a ``romanize(chunk)`` that takes
a run of text in its script (with the spaces and punctuation between its words) and
returns a tuple of lower-case ASCII renderings, most conventional first. The public
module splits a name into script runs, calls these, and lines the variants up.
Nothing here is public API: import from `embargo.normalize.translit`.
"""
