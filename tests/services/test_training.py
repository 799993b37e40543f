from dataclasses import replace

import pytest
from sqlalchemy import select

from engage.extensions import db
from engage.models import AnalysisJob, CodedExample, CommentAnalysis, ProgrammeModel
from engage.services import analysis, imports, training
from engage.services.errors import FieldError
from tests.analysis.test_engine import coded_comments
from tests.builders import build_world, import_codes, switch_to_candidate


def coded_csv(comments) -> bytes:
    lines = ["id,text,question,sentiment,themes"]
    for number, comment in enumerate(comments):
        lines.append(
            f'{number},"{comment.text}",{comment.question},{comment.sentiment},'
            f"{';'.join(comment.themes)}"
        )
    return ("\ufeff" + "\n".join(lines)).encode("utf-8")


def test_import_is_all_or_nothing_and_names_bad_rows(admin):
    world = build_world(admin)
    good = coded_csv(coded_comments(20))
    staged = imports.stage(world.programme, good)
    plan = imports.plan(world.programme, staged.id)
    assert (plan.rows, plan.with_sentiment, plan.with_themes) == (20, 20, 20)
    import_codes(world.programme, good)
    bad = good + b'\n21,"fine",,grumpy,\n22,,,positive,\n23,"x",,,\n'
    with pytest.raises(FieldError) as problem:
        imports.stage(world.programme, bad)
    message = str(problem.value)
    assert "row 22: sentiment 'grumpy'" in message and "row 23: text is empty" in message
    assert "row 24: neither a sentiment nor a theme" in message
    assert len(db.session.scalars(select(CodedExample)).all()) == 20
    with pytest.raises(FieldError, match="not UTF-8"):
        imports.stage(world.programme, "text\ncaf\xe9".encode("latin-1"))
    with pytest.raises(FieldError, match="missing column"):
        imports.stage(world.programme, b"id,body\n1,x\n")


def test_training_leaves_a_candidate_that_is_used_only_once_switched_to(admin):
    world = build_world(admin)
    from tests.services.test_analysis import comment_on

    comment_on(world, "The recycling crew were brilliant", 0)
    import_codes(world.programme, coded_csv(coded_comments(120)))
    job = training.latest_training(world.programme)  # the import started it
    db.session.expire_all()
    job = db.session.get(AnalysisJob, job.id)
    assert job.status == "done" and "micro" not in job.message and "f1" not in job.message
    assert "Themes: the trained model gives exactly your themes on" in job.message
    stored = db.session.scalar(select(ProgrammeModel))
    assert stored.status == "candidate"
    assert stored.report["themes_model_agreement"] > stored.report["themes_rules_agreement"]
    assert stored.comparison["comments"] == 1 and stored.comparison["theme_changes"] == 1
    assert analysis.engine_for(world.programme.id).version == "rules-1"  # not yet
    assert db.session.scalar(select(CommentAnalysis)).themes != ["Bins"]
    switch_to_candidate(world.programme)
    db.session.expire_all()
    row = db.session.scalar(select(CommentAnalysis))
    assert row.themes == ["Bins"] and "theme-model" in row.analyser_version
    assert "theme-model" in analysis.engine_for(world.programme.id).version


def test_a_tampered_model_is_never_loaded(admin):
    world = build_world(admin)
    import_codes(world.programme, coded_csv(coded_comments(120)))  # then trains
    switch_to_candidate(world.programme)
    stored = db.session.scalar(select(ProgrammeModel))
    stored.payload = stored.payload + b"x"
    db.session.commit()
    training.load_engine.cache_clear()
    with pytest.raises(ValueError, match="signature"):
        training.engine_for(world.programme.id)


def test_a_model_with_features_of_an_older_format_gives_way_to_the_rules(admin):
    world = build_world(admin)
    import_codes(world.programme, coded_csv(coded_comments(120)))  # then trains
    switch_to_candidate(world.programme)
    training.load_engine.cache_clear()
    engine = training.engine_for(world.programme.id)
    assert engine.features is not None
    del engine.features.format  # as a model pickled before the format was recorded
    training.save_engine(world.programme.id, engine)
    db.session.commit()
    assert training.engine_for(world.programme.id).features is None


def test_analysts_recodes_count_as_training_codes(admin):
    world = build_world(admin)
    from tests.services.test_analysis import comment_on

    row = comment_on(world, "The bins were late", 0)
    from engage.services import comments

    comments.code(row, "negative", ["Bins"])
    codes = training.codes_for(world.programme.id)
    assert [(c.text, c.sentiment, c.themes) for c in codes] == [
        ("The bins were late", "negative", ("Bins",))
    ]


IDENTIFIERS = {  # what a respondent might write, and what must never reach a stored model
    "Jane Doe is rude, call 07700 900123": ["jane", "07700", "900123"],
    "NHS number 943 476 5919 was lost": ["5919", "943 476"],
    "Write to jane.doe@northbrook.gov.uk": ["jane.doe", "northbrook.gov", "@northbrook"],
    "Mr Patel at SW1A 2AA ignored us": ["patel", "sw1a"],
    "Staff number E123456 and @janedoe online": ["e123456", "janedoe"],
    "Card 4111 1111 1111 1111 was charged": ["4111"],
}


def test_a_stored_model_holds_none_of_the_identifiers_it_was_trained_on(admin):
    """Trained through the service (imported codes and analysts' recodes), each identifier
    in several comments: the pickled model's bytes contain none of them."""
    from engage.services import comments as coding
    from tests.services.test_analysis import comment_on

    world = build_world(admin, headcount=200)
    examples = coded_comments(120)
    seeded = [
        replace(example, text=f"{example.text}. {text}")
        for example, text in zip(examples, list(IDENTIFIERS) * 20, strict=False)
    ]
    import_codes(world.programme, coded_csv(seeded))
    for index, text in enumerate(IDENTIFIERS):
        coding.code(comment_on(world, f"The bins were late. {text}", index), "negative", ["Bins"])
    job = training.latest_training(world.programme)  # the import started it
    db.session.expire_all()
    assert db.session.get(AnalysisJob, job.id).status == "done"
    stored = db.session.scalar(select(ProgrammeModel).order_by(ProgrammeModel.id.desc()))
    payload = stored.payload.lower()
    assert b"bins" in payload  # ordinary words are learned...
    for needles in IDENTIFIERS.values():
        for needle in needles:  # ...identifiers are not, in any form
            assert needle.encode() not in payload, needle
    stored_texts = " ".join(c.text for c in db.session.scalars(select(CodedExample)))
    assert "07700" not in stored_texts and "Patel" not in stored_texts


def test_an_upload_with_a_field_over_the_csv_limit_is_refused_with_a_message(admin):
    world = build_world(admin)
    raw = ("text,sentiment,themes\n" + "y" * 200_000 + ",positive,\n").encode()
    with pytest.raises(FieldError, match="longer than 131,072 characters"):
        imports.stage(world.programme, raw)
