"""How much redaction removes from comments that hold no personal data.

    python -m engage.analysis.redaction_check ../shared/data/fft-dev.csv

Redacts every comment of a CSV (columns id, text) and prints how many changed, how many of
those were reviewed as holding personal data (the ids in
``engage/benchmarks/data/fft-dev-personal-data.txt``, or ``--reviewed FILE``), and the rest
as false redactions, with the words each removed, so a reviewer can read every one.
The issue's bar: under 0.5% of comments changed without any personal data in them.
"""

from __future__ import annotations

import argparse
import csv
import difflib
import re
from collections import Counter
from pathlib import Path

from engage.analysis.redact import RULES_VERSION, redact

REVIEWED = Path(__file__).resolve().parent.parent / "benchmarks/data/fft-dev-personal-data.txt"
MARK = re.compile(r"\[[a-zA-Z ]+ removed\]")


def reviewed_ids(path: Path) -> set[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


def removed_words(before: str, after: str) -> list[str]:
    """The words of ``before`` that redaction replaced."""
    old, new = before.split(), after.split()
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    return [
        word
        for tag, i1, i2, _j1, _j2 in matcher.get_opcodes()
        if tag != "equal"
        for word in old[i1:i2]
    ]


def check(rows: list[dict], personal: set[str]) -> dict:
    """Counts, and the false redactions as (id, words removed)."""
    changed, false, marks, words = 0, [], Counter(), 0
    for row in rows:
        after = redact(row["text"])
        if after == row["text"]:
            continue
        changed += 1
        marks.update(MARK.findall(after))
        removed = removed_words(row["text"], after)
        if row["id"] not in personal:
            false.append((row["id"], removed))
            words += len(removed)
    return {
        "comments": len(rows),
        "changed": changed,
        "false": false,
        "marks": marks,
        "words": words,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("csv", type=Path)
    parser.add_argument("--reviewed", type=Path, default=REVIEWED)
    args = parser.parse_args(argv)
    with args.csv.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    result = check(rows, reviewed_ids(args.reviewed))
    total, changed, false = result["comments"], result["changed"], result["false"]
    print(f"Redaction rules version {RULES_VERSION} on {total:,} comments of {args.csv.name}")
    print(f"changed: {changed} ({changed / total:.2%})")
    print(f"reviewed as holding personal data: {changed - len(false)}")
    print(
        f"changed without personal data (false redactions): {len(false)} "
        f"({len(false) / total:.2%}), {result['words']} words removed wrongly"
    )
    print("marks: " + ", ".join(f"{mark} {n}" for mark, n in result["marks"].most_common()))
    for comment_id, removed in false:
        print(f"  false: {comment_id}: removed {' '.join(removed)!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
