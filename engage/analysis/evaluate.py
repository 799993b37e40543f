"""Evaluation of the text analysis on human-labelled comments. A script, not a test.

    python -m engage.analysis.evaluate ../shared/data/fft-dev.csv

Prints macro-F1 for sentiment (TextBlob alone, VADER alone, the zero-shot engine, the
trained engine under 5-fold cross-validation and its learning curve), theme micro- and
macro-F1, throughput, training time and the memory of a web worker with the engine loaded;
then the held-out figure: a fixed stratified 20% of the comments set aside (seed 2026),
the engine trained once on the other 80% and scored once on them, so no choice made while
tuning ever saw those comments' codes; then TextBlob against the engine, zero-shot and
trained on all the coded comments, on other kinds of text
(engage/benchmarks/data/other-text.csv, written by the team as a held-out check).

    python -m engage.analysis.evaluate FILE --held-out-only   # the held-out figure alone
"""

from __future__ import annotations

import argparse
import csv
import random
import subprocess
import sys
import time
import warnings
from pathlib import Path

from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedKFold, train_test_split
from sklearn.preprocessing import MultiLabelBinarizer

from engage.analysis.csv_files import read_coded
from engage.analysis.engine import Comment, Engine, train
from engage.analysis.pattern import sentiment as textblob_sentiment
from engage.analysis.sentiment import vader

SIZES = (100, 300, 1000, None)
HELD_OUT_SHARE = 0.2
HELD_OUT_SEED = 2026
OTHER_TEXT = Path(__file__).resolve().parents[1] / "benchmarks" / "data" / "other-text.csv"
# VmHWM, not ru_maxrss: a child's ru_maxrss keeps the parent's peak from before exec.
WORKER_MEMORY = (
    "import re, wsgi\n"
    "from engage.analysis.engine import Engine, Comment\n"
    "from engage.analysis.redact import redact\n"
    "Engine().analyse([Comment('The staff were helpful', 'What was good?')] * 50)\n"
    "redact('Sarah Jones was helpful')\n"
    "status = open('/proc/self/status').read()\n"
    "print(int(re.search(r'VmHWM:\\s+(\\d+)', status).group(1)) / 1024)\n"
)


def label(value: float, band: float) -> str:
    return "positive" if value > band else "negative" if value < -band else "neutral"


def macro(truth, predicted) -> float:
    return f1_score(truth, predicted, average="macro", zero_division=0)


def baselines(coded) -> None:
    truth = [c.sentiment for c in coded]
    print(
        f"TextBlob polarity alone (>0 positive, <0 negative): "
        f"{macro(truth, [label(textblob_sentiment(c.text)[0], 0) for c in coded]):.3f}"
    )
    compounds = [vader().polarity_scores(c.text)["compound"] for c in coded]
    print(
        f"VADER compound alone (+/-0.05):                     "
        f"{macro(truth, [label(value, 0.05) for value in compounds]):.3f}"
    )
    start, cpu = time.perf_counter(), time.process_time()
    analyses = Engine().analyse([Comment(c.text, c.question) for c in coded])
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    print(
        f"Zero-shot engine (rules, no training data):          "
        f"{macro(truth, [a.sentiment for a in analyses]):.3f}"
    )
    # CPU time too: on a shared machine the wall-clock figure is mostly other processes.
    print(
        f"Zero-shot throughput: {len(coded) / cpu:,.0f} comments per CPU second on one core "
        f"({len(coded) / elapsed:,.0f} a wall-clock second)"
    )


def other_text_scores(engine: Engine) -> dict[str, tuple[int, float, float]]:
    """Per kind of text (and "all"): how many texts, TextBlob's macro-F1, the engine's."""
    with OTHER_TEXT.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    found = engine.analyse([Comment(row["text"], row["question"]) for row in rows])
    scores = {}
    for kind in ["all", *sorted({row["kind"] for row in rows})]:
        chosen = [i for i, row in enumerate(rows) if kind in ("all", row["kind"])]
        truth = [rows[i]["sentiment"] for i in chosen]
        polarity = [label(textblob_sentiment(rows[i]["text"])[0], 0) for i in chosen]
        scores[kind] = (
            len(chosen),
            macro(truth, polarity),
            macro(truth, [found[i].sentiment for i in chosen]),
        )
    return scores


def other_text(coded) -> None:
    print("\nOther kinds of text (held out; TextBlob / zero-shot engine / trained on all rows):")
    zero_shot = other_text_scores(Engine())
    trained = other_text_scores(train(coded))
    for kind, (count, textblob, engine) in zero_shot.items():
        print(
            f"  {kind:<11} {count:>4} texts   {textblob:.3f} / {engine:.3f} / "
            f"{trained[kind][2]:.3f}"
        )


def learning_curve(coded) -> None:
    truth = [c.sentiment for c in coded]
    folds = list(StratifiedKFold(5, shuffle=True, random_state=1).split(coded, truth))
    binarizer = MultiLabelBinarizer().fit([c.themes for c in coded])
    for size in SIZES:
        sentiment_scores, micro, macro_themes, seconds = [], [], [], []
        for train_at, test_at in folds:
            chosen = (
                list(train_at) if size is None else random.Random(size).sample(list(train_at), size)
            )
            start = time.perf_counter()
            engine = train([coded[i] for i in chosen])
            seconds.append(time.perf_counter() - start)
            held_out = [coded[i] for i in test_at]
            analyses = engine.analyse([Comment(c.text, c.question) for c in held_out])
            sentiment_scores.append(
                macro([c.sentiment for c in held_out], [a.sentiment for a in analyses])
            )
            true_themes = binarizer.transform([c.themes for c in held_out])
            found = binarizer.transform(
                [[t for t in a.themes if t in binarizer.classes_] for a in analyses]
            )
            micro.append(f1_score(true_themes, found, average="micro", zero_division=0))
            macro_themes.append(f1_score(true_themes, found, average="macro", zero_division=0))
        name = "all" if size is None else str(size)
        print(
            f"Trained on {name:>4} rows: sentiment macro-F1 {mean(sentiment_scores):.3f}, "
            f"themes micro-F1 {mean(micro):.3f}, macro-F1 {mean(macro_themes):.3f}, "
            f"training {mean(seconds):.1f} s ({engine.version})"
        )


def held_out(coded) -> None:
    """Trained on 80%, scored once on the fixed other 20%: comments it has never seen."""
    rest, test = train_test_split(
        coded,
        test_size=HELD_OUT_SHARE,
        random_state=HELD_OUT_SEED,
        stratify=[c.sentiment for c in coded],
    )
    start = time.perf_counter()
    engine = train(rest)
    seconds = time.perf_counter() - start
    truth = [c.sentiment for c in test]
    comments = [Comment(c.text, c.question) for c in test]
    found = engine.analyse(comments)
    binarizer = MultiLabelBinarizer().fit([c.themes for c in coded])
    themes = f1_score(
        binarizer.transform([c.themes for c in test]),
        binarizer.transform([[t for t in a.themes if t in binarizer.classes_] for a in found]),
        average="micro",
        zero_division=0,
    )
    print(
        f"\nHeld out: trained on {len(rest):,}, scored once on the other {len(test):,} "
        f"(stratified, seed {HELD_OUT_SEED}): sentiment macro-F1 "
        f"{macro(truth, [a.sentiment for a in found]):.3f} (zero-shot "
        f"{macro(truth, [a.sentiment for a in Engine().analyse(comments)]):.3f}), "
        f"themes micro-F1 {themes:.3f}, training {seconds:.1f} s ({engine.version})"
    )


def mean(values) -> float:
    return sum(values) / len(values)


def main(path: str, held_out_only: bool = False) -> None:
    warnings.filterwarnings("ignore")
    coded = [c for c in read_coded(Path(path)) if c.sentiment]
    print(f"{len(coded):,} labelled comments from {path}\n")
    if held_out_only:
        held_out(coded)
        return
    baselines(coded)
    print("\nTrained engine, 5-fold cross-validation (each fold trains on the sizes below):")
    learning_curve(coded)
    held_out(coded)
    other_text(coded)
    worker = subprocess.run(  # noqa: S603 (our own code, no input)
        [sys.executable, "-c", WORKER_MEMORY],
        capture_output=True,
        text=True,
        check=True,
    )
    memory = float(worker.stdout.strip().splitlines()[-1])
    print(f"\nWeb worker with the engine loaded: {memory:.0f} MB peak RSS")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", default="../shared/data/fft-dev.csv")
    parser.add_argument(
        "--held-out-only", action="store_true", help="only train on 80%% and score the fixed 20%%"
    )
    options = parser.parse_args()
    main(options.path, options.held_out_only)
