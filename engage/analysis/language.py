"""Which language a comment is written in: Welsh or English, from their function words.

The analysis engine's sentiment, themes and framing are English rules and English-trained
models; run on Welsh they would give a confident, meaningless answer. So each comment is
first sorted by the small words every sentence needs ("mae", "yn", "ac", "ond", "wedi" for
Welsh; "the", "and", "is", "was", "but" for English). Content words are left out on purpose:
"staff", "system" or "budget" appear in both. A comment with too few such words to tell
(a single word, a number) is taken as English, which is what the engine did before.
"""

from __future__ import annotations

import re

WELSH = "cy"
ENGLISH = "en"


def words_listed(text: str) -> list[str]:
    return text.split()


# Welsh words that are not also common English words ("a", "i", "am", "at" are left out).
WELSH_WORDS = frozenset(
    words_listed(
        """
    yn yr y mae ac ond gyda wedi ddim dim nid nad ni fy dy ein eich ei eu hefyd hyn
    hynny yma yna sydd oedd roedd bydd fydd byddai gan ar o iawn mwy llawer dros drwy
    trwy heb rhwng pan os achos oherwydd fod bod ydy ydi yw oes na ag â wrth yng ym nhw
    chi rydyn rydym rydw dwi rwy rwyf cael gael gwneud mynd dod da gwell gwaeth hen
    newydd pawb neb rhywun popeth dim byd pethau peth amser angen eisiau gallu gallwn
    gall allwn 'r 'n mewn ynghylch tîm gwasanaeth gwasanaethau cyngor ymlaen nawr rŵan
    ychydig rhai pob mwyaf gormod digon dylai dylen dylid byth erioed cyn ôl tuag diolch
    pam beth sut pwy ble rhy
        """
    )
)
ENGLISH_WORDS = frozenset(
    words_listed(
        """
    the and is are was were be been to of in that it this for with on not but they we
    our you your he she his her them have has had do does did will would should could
    there their what which who when more very than so if or from by about just all no
    because
        """
    )
)
# Apostrophes split words, so "mae'r" is "mae" and "'r", and "rwy'n" is "rwy" and "'n":
# the elided article and "yn" are the surest Welsh signs there are.
WORD = re.compile(r"'?[a-zâêîôûŵŷáéíóúẁỳäëïöüẅÿàèìòù]+")
CLITICS = frozenset({"'r", "'n"})


def words_of(text: str) -> list[str]:
    words = WORD.findall(text.lower().replace("\u2019", "'"))
    return [word if word in CLITICS else word.lstrip("'") for word in words]


def language_of(text: str) -> str:
    """``WELSH`` when Welsh function words clearly outnumber English ones, else ``ENGLISH``.

    Clearly: at least two Welsh words (or one in a comment of three words or fewer, such
    as "Da iawn"), at least twice as many Welsh as English words, and a fifth of all words
    Welsh. A Welsh place name or a borrowed word in an English comment meets none of these.
    """
    words = words_of(text)
    if not words:
        return ENGLISH
    welsh = sum(word in WELSH_WORDS for word in words)
    english = sum(word in ENGLISH_WORDS for word in words)
    enough = welsh >= 2 or (welsh == 1 and len(words) <= 3 and english == 0)
    if enough and welsh >= 2 * english and welsh * 5 >= len(words):
        return WELSH
    return ENGLISH
