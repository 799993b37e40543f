"""The one read side: every figure, count, comment and file a person can see about
respondents leaves Engage through this package.

- ``cells``: the pre-aggregated cells of every wave, with open waves read from their last
  release (``releases``) and withheld groups (``stuffing``) hidden, and the ``View`` that
  passes every total through the confidentiality engine;
- ``dashboard`` and ``themes``: the directors' figures; ``summaries``: theme summaries
  (``responses``: their response rates, wave by wave); ``roundtable``: the "what we
  heard" summary of a session, read as one slice;
  ``comments``: comment lists, one comment, discovery examples; ``raw``: the raw-responses
  download; ``links``: the wave page's per-link counts.

Only this package imports the confidentiality engine (the architecture test checks it),
so a figure cannot reach a page, an export or the API by a path that goes around it.
"""
