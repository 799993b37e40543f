"""On kinds of text other than the coded comments, the engine never falls below TextBlob.

The texts (engage/benchmarks/data/other-text.csv) were written and labelled by the team
as a held-out check; see the README beside them.
"""

from engage.analysis.engine import Engine
from engage.analysis.evaluate import other_text_scores


def test_the_zero_shot_engine_is_never_below_textblob_on_other_text():
    scores = other_text_scores(Engine())
    assert scores["all"][0] == 160 and len(scores) == 5
    for kind, (count, textblob, engine) in scores.items():
        assert engine >= textblob, (kind, count, textblob, engine)
