"""TextBlob's offline pattern sentiment and parser, imported without scikit-learn.

Importing anything from TextBlob imports NLTK, and NLTK imports scikit-learn for a
classifier wrapper Engage never uses, which costs every web worker about 15 MB. NLTK
tolerates scikit-learn being absent (it guards that import with ``except ImportError``),
so while TextBlob loads, scikit-learn is made to look absent; afterwards it imports
normally wherever a trained model needs it. If scikit-learn is already loaded, nothing is
hidden.
"""

from __future__ import annotations

import sys


def _load_textblob_en():
    hidden = "sklearn" not in sys.modules
    if hidden:
        sys.modules["sklearn"] = None  # type: ignore[assignment]  # "absent" to importers
    try:
        import textblob.en
    finally:
        if hidden and sys.modules.get("sklearn", 0) is None:
            del sys.modules["sklearn"]
    return textblob.en


_en = _load_textblob_en()
sentiment = _en.sentiment
parse = _en.parse
