"""Seed a large programme on PostgreSQL and time the dashboard and the exports.

    python -m engage.benchmarks.dashboard postgresql://postgres@127.0.0.1:5432/test \\
        --responses 200000 --repeat 20

It REPLACES the schema of the database it is given. Prints median and p95 timings.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
import uuid
from datetime import date, timedelta

from sqlalchemy import insert, text

from engage import create_app
from engage.extensions import db
from engage.models import (
    Answer,
    CommentAnalysis,
    CommentTheme,
    OrganisationKind,
    Response,
)
from engage.services import links, programmes, reporting, surveys, users, waves

WAVES = 10
CHUNK = 20_000
THEMES = [
    "Cost cutting",
    "Communication and language",
    "Workload",
    "Partnership trust",
    "Technology",
    "Leadership",
    "Customer improvement",
    "Contract management",
]


def reset(url: str) -> None:
    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        with db.engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        from flask_migrate import upgrade

        upgrade()


def seed(total: int) -> tuple[int, list]:
    owner = users.create_user("bench@example.org", "Bench", "benchmark-password", site_admin=True)
    programme = programmes.create_programme("Benchmark partnership", "bench", "", owner)
    council = programmes.save_organisation(programme, "Council", OrganisationKind.COUNCIL)
    partner = programmes.save_organisation(programme, "Partner", OrganisationKind.PRIVATE_PARTNER)
    groups = [
        (org, programmes.save_group(org, f"Service {i}", 4000))
        for org in (council, partner)
        for i in range(5)
    ]
    survey = surveys.create_survey(
        programme,
        kind=surveys.SurveyKind.PULSE,
        title="Pulse",
        template_key="transformation_pulse",
        cadence=surveys.Cadence.FORTNIGHTLY,
    )
    first = date.today() - timedelta(weeks=2 * WAVES)
    scheduled = waves.schedule_pulse(survey, first, WAVES, 5)
    targets = [
        (wave, links.create_link(wave, org, grp)) for wave in scheduled for org, grp in groups
    ]
    questions = {q.code: q for q in survey.current_version.questions}
    insert_rows(programme.id, targets, questions, total)
    reporting.rebuild_programme(programme.id)
    return programme.id, scheduled


def insert_rows(programme_id: int, targets, questions, total: int) -> None:
    rng = random.Random(1)
    agreement = [
        questions[c]
        for c in ("tu_understand", "tu_beyond_cost", "comm_why", "pt_together", "cr_support")
    ]
    framing, improve = questions["framing"], questions["improve"]
    start = time.perf_counter()
    for offset in range(0, total, CHUNK):
        responses, answers = [], []
        first_id = offset + 1
        for number in range(first_id, min(total, offset + CHUNK) + 1):
            wave, link = targets[number % len(targets)]
            responses.append(
                {
                    "id": number,
                    "wave_id": wave.id,
                    "link_id": link.id,
                    "organisation_id": link.organisation_id,
                    "group_id": link.group_id,
                    "version_id": wave.version_id,
                    "submitted_on": wave.opens_on,
                    "payload_digest": "0" * 64,
                    "submission_token": str(uuid.UUID(int=number, version=4)),
                }
            )
            answers.extend(
                {
                    "response_id": number,
                    "question_id": q.id,
                    "number": rng.randint(1, 5),
                    "choice": None,
                    "text": None,
                }
                for q in agreement
            )
            answers.append(
                {
                    "response_id": number,
                    "question_id": framing.id,
                    "number": None,
                    "choice": rng.choice(framing.options),
                    "text": None,
                }
            )
            if number % 2 == 0:
                answers.append(
                    {
                        "response_id": number,
                        "question_id": improve.id,
                        "number": None,
                        "choice": None,
                        "text": f"Comment {number} about workload and budget cuts",
                    }
                )
        db.session.execute(insert(Response), responses)
        db.session.execute(insert(Answer), answers)
        db.session.commit()
        print(
            f"  seeded {min(total, offset + CHUNK):,} responses "
            f"({time.perf_counter() - start:.0f} s)",
            flush=True,
        )
    add_analyses(programme_id, improve.id, rng)


def add_analyses(programme_id: int, question_id: int, rng: random.Random) -> None:
    """Analyses for every comment, with random labels: this measures reporting, not NLP."""
    ids = (
        db.session.execute(
            text("SELECT id FROM answers WHERE question_id = :q"), {"q": question_id}
        )
        .scalars()
        .all()
    )
    for offset in range(0, len(ids), CHUNK):
        analyses, themes = [], []
        for answer_id in ids[offset : offset + CHUNK]:
            chosen = rng.sample(THEMES, rng.randint(0, 2))
            analyses.append(
                {
                    "answer_id": answer_id,
                    "programme_id": programme_id,
                    "sentiment": rng.choice(["negative", "neutral", "positive"]),
                    "polarity": 0.0,
                    "subjectivity": 0.0,
                    "score": 0.0,
                    "themes": chosen,
                    "framing": None,
                    "analyser_version": "bench",
                }
            )
            themes.extend(
                {"answer_id": answer_id, "theme": t, "programme_id": programme_id} for t in chosen
            )
        db.session.execute(insert(CommentAnalysis), analyses)
        if themes:
            db.session.execute(insert(CommentTheme), themes)
        db.session.commit()
    db.session.execute(text("ANALYZE"))
    db.session.commit()
    print(f"  analysed {len(ids):,} comments", flush=True)


def timed(client, url: str, repeat: int) -> tuple[float, float]:
    client.get(url)  # warm
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(url)
        samples.append(1000 * (time.perf_counter() - start))
        assert response.status_code == 200, (url, response.status_code)
    samples.sort()
    return statistics.median(samples), samples[max(0, int(0.95 * len(samples)) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("database_url")
    parser.add_argument("--responses", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="time an already seeded database (migrated to the latest revision)",
    )
    args = parser.parse_args()
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": args.database_url,
            "ENGAGE_JOBS_INLINE": True,
            "WTF_CSRF_ENABLED": False,
        }
    )
    if not args.reuse:
        reset(args.database_url)
    with app.app_context():
        if args.reuse:
            from flask_migrate import upgrade

            upgrade()
            scheduled = programmes.by_slug("bench").surveys[0].waves
        else:
            start = time.perf_counter()
            _programme_id, scheduled = seed(args.responses)
            print(f"Seeded {args.responses:,} responses in {time.perf_counter() - start:.0f} s")
        count = db.session.scalar(text("SELECT count(*) FROM responses"))
        comments = db.session.scalar(text("SELECT count(*) FROM comment_analyses"))
        print(f"Database holds {count:,} responses and {comments:,} analysed comments")
        last = scheduled[-1].id
    client = app.test_client()
    signed_in = client.post(
        "/auth/sign-in", data={"email": "bench@example.org", "password": "benchmark-password"}
    )
    assert signed_in.status_code == 302, "could not sign in"
    for label, url in [
        ("dashboard, all waves", "/insights/p/bench/"),
        ("dashboard, one organisation", "/insights/p/bench/?organisation=1"),
        ("dashboard, waves 5-10, one group", "/insights/p/bench/?from=5&to=10&group=1"),
        ("comments behind a theme cell", f"/insights/p/bench/comments?wave={last}&theme=Workload"),
        ("theme summary csv, one wave", f"/downloads/p/bench/theme-summary.csv?wave={last}"),
        ("theme summary docx, one wave", f"/downloads/p/bench/theme-summary.docx?wave={last}"),
        ("theme summary xlsx, whole programme", "/downloads/p/bench/theme-summary.xlsx"),
    ]:
        repeat = (
            args.repeat if label.startswith(("dashboard", "comments")) else max(3, args.repeat // 4)
        )
        median, p95 = timed(client, url, repeat)
        print(f"{label:38s} median {median:7.0f} ms   p95 {p95:7.0f} ms   ({repeat} requests)")


if __name__ == "__main__":
    main()
