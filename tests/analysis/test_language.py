"""Welsh comments are told from English ones by their function words, and the engine gives
them no English sentiment, themes or framing."""

import csv
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engage.analysis.engine import NOT_ANALYSED, Comment, Engine
from engage.analysis.evaluate import OTHER_TEXT
from engage.analysis.language import ENGLISH, WELSH, language_of

# Written for these tests in the register staff use; short ones too.
WELSH_COMMENTS = [
    "Da iawn",
    "Dim byd",
    "Diolch am ofyn",
    "Mae'r system newydd yn well na'r hen un.",
    "Dydw i ddim yn deall beth yw'r newid.",
    "Does neb wedi esbonio pam mae'r gwasanaeth yn newid.",
    "Rydyn ni angen mwy o staff yn y tîm.",
    "Mae llawer o waith ond dim digon o amser.",
    "Gwell cyfathrebu os gwelwch yn dda",
    "Mae’r rheolwyr yn gwrando arnom ni nawr.",
    "Nid yw'r partner yn deall ein gwaith.",
    "Arbed arian yw'r cyfan.",
    "Rwy'n teimlo bod y newidiadau yn rhy gyflym.",
    "Mwy o hyfforddiant ar y system newydd, plîs.",
    "Mae'r cyngor a Meridian yn gweithio'n dda gyda'i gilydd.",
]
# English that borrows Welsh names or looks like Welsh: must stay English.
ENGLISH_LOOKALIKES = [
    "I am unsure.",
    "n/a Nothing.",
    "Rock'n'roll n stuff",
    "Llanfair PG staff are great",
    "I work in Caerphilly and Ystrad Mynach, it is fine",
    "The Ty Hafan team and the Dyfed office need more staff.",
    "",
    "12345",
]
FFT = Path("/work/shared/data/fft-dev.csv")


@pytest.mark.parametrize("text", WELSH_COMMENTS)
def test_welsh_comments_are_found(text):
    assert language_of(text) == WELSH


@pytest.mark.parametrize("text", ENGLISH_LOOKALIKES)
def test_english_with_welsh_names_stays_english(text):
    assert language_of(text) == ENGLISH


def test_no_english_comment_in_the_team_s_held_out_texts_is_taken_for_welsh():
    with OTHER_TEXT.open(newline="", encoding="utf-8") as handle:
        texts = [row["text"] for row in csv.DictReader(handle)]
    assert len(texts) == 160
    assert [text for text in texts if language_of(text) == WELSH] == []


@pytest.mark.skipif(not FFT.exists(), reason="the shared fft-dev.csv is not on this machine")
def test_no_comment_of_the_fft_development_set_is_taken_for_welsh():
    with FFT.open(newline="", encoding="utf-8") as handle:
        texts = [row["text"] for row in csv.DictReader(handle)]
    assert len(texts) > 5000
    assert [text for text in texts if language_of(text) == WELSH] == []


@settings(deadline=None)
@given(st.text(max_size=200))
def test_any_text_gets_one_of_the_two_languages(text):
    assert language_of(text) in (WELSH, ENGLISH)


def test_the_engine_gives_welsh_comments_no_english_sentiment_and_keeps_order():
    comments = [
        Comment("The new rota is a big improvement, thank you.", "What is going well?"),
        Comment("Mae'r system newydd yn ofnadwy ac yn araf.", "What could be better?"),
        Comment("Nobody explains anything.", "What could be better?"),
    ]
    first, welsh, last = Engine().analyse(comments)
    assert (first.language, first.sentiment) == (ENGLISH, "positive")
    assert (last.language, last.sentiment) == (ENGLISH, "negative")
    assert welsh.language == WELSH and welsh.sentiment == NOT_ANALYSED
    assert welsh.themes == () and welsh.framing is None
