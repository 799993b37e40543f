from sqlalchemy import func, select

from engage.extensions import db
from engage.models import FigureRevision, Programme, Response, User
from engage.services import demo


def test_create_admin_makes_a_site_admin(app):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=[
            "create-admin",
            "--email",
            "boss@example.org",
            "--name",
            "Boss",
            "--password",
            "a-long-password",
        ]
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User))
    assert user.is_site_admin and user.email == "boss@example.org"
    again = runner.invoke(
        args=["create-admin", "--email", "boss@example.org", "--password", "a-long-password"]
    )
    assert again.exit_code == 1 and "already an account" in again.output
    short = runner.invoke(args=["create-admin", "--email", "x@example.org", "--password", "short"])
    assert short.exit_code == 1 and "12 characters" in short.output


def test_load_demo_twice_loads_it_once(app, monkeypatch):
    original = demo.load
    monkeypatch.setattr(demo, "load", lambda: original(scale=0.2))
    runner = app.test_cli_runner()
    first = runner.invoke(args=["load-demo"])
    assert first.exit_code == 0 and "Loaded the demo programme 'demo'" in first.output
    responses = db.session.scalar(select(func.count()).select_from(Response))
    second = runner.invoke(args=["load-demo"])
    assert "already loaded" in second.output
    assert db.session.scalar(select(func.count()).select_from(Response)) == responses
    assert db.session.scalar(select(func.count()).select_from(Programme)) == 1
    # The demo's first analysis is not a revision of figures anyone saw.
    assert db.session.scalar(select(func.count()).select_from(FigureRevision)) == 0


def test_analyse_csv_needs_no_database_and_learns_from_codes(app, tmp_path):
    import csv

    from tests.analysis.test_engine import coded_comments

    coded = tmp_path / "coded.csv"
    with open(coded, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "text", "question", "sentiment", "themes"])
        for number, comment in enumerate(coded_comments()):
            writer.writerow(
                [
                    number,
                    comment.text,
                    comment.question,
                    comment.sentiment,
                    ";".join(comment.themes),
                ]
            )
    source = tmp_path / "in.csv"
    source.write_text(
        "id,text,question\na,The waste crew were brilliant,\n"
        "b,Nobody at the parking permit office answers,Why?\n",
        encoding="utf-8",
    )
    target = tmp_path / "out.csv"
    runner = app.test_cli_runner()
    plain = runner.invoke(args=["analyse-csv", str(source), str(target)])
    assert plain.exit_code == 0, plain.output
    trained = runner.invoke(args=["analyse-csv", str(source), str(target), "--train", str(coded)])
    assert trained.exit_code == 0, trained.output
    with open(target, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["themes"] for row in rows] == ["Bins", "Parking"]
    missing = runner.invoke(args=["analyse-csv", str(tmp_path / "nope.csv"), str(target)])
    assert missing.exit_code != 0


def test_export_themes_writes_each_format(app, tmp_path, admin):
    from tests.builders import build_world

    build_world(admin)
    runner = app.test_cli_runner()
    for fmt in ("docx", "xlsx", "csv", "html"):
        out = tmp_path / f"summary.{fmt}"
        result = runner.invoke(
            args=[
                "export-themes",
                "--programme",
                "test",
                "--wave",
                "1",
                "--format",
                fmt,
                "--out",
                str(out),
            ]
        )
        assert result.exit_code == 0, result.output
        assert out.stat().st_size > 200
    missing = runner.invoke(
        args=[
            "export-themes",
            "--programme",
            "nope",
            "--format",
            "csv",
            "--out",
            str(tmp_path / "x.csv"),
        ]
    )
    assert missing.exit_code == 1 and "No programme has the short name 'nope'" in missing.output


def test_export_dashboard_writes_the_board_pack(app, tmp_path, admin):
    from tests.builders import build_world

    build_world(admin)
    runner = app.test_cli_runner()
    for fmt in ("docx", "html"):
        out = tmp_path / f"pack.{fmt}"
        args = ["export-dashboard", "--programme", "test", "--to-wave", "1"]
        result = runner.invoke(args=[*args, "--format", fmt, "--out", str(out)])
        assert result.exit_code == 0, result.output
        assert out.stat().st_size > 1000
    assert "Test partnership: board pack" in (tmp_path / "pack.html").read_text()
    missing = runner.invoke(
        args=["export-dashboard", "--programme", "nope", "--format", "docx", "--out", "x"]
    )
    assert missing.exit_code != 0 and "No programme" in missing.output
