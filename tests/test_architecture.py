"""Imports flow one way: web -> services -> models and pure packages."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "engage"
PURE = [
    "question_bank.py",
    "text_input.py",
    "constructs.py",
    "demo/simulate.py",
    "demo/comments.py",
]
PURE_PACKAGES = ["analysis", "charts", "exports"]  # those that exist are checked


def imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def python_files(relative: str) -> list[Path]:
    target = PACKAGE / relative
    if target.is_file():
        return [target]
    return sorted(target.rglob("*.py")) if target.is_dir() else []


def test_pure_modules_import_no_flask_and_no_database_session():
    files = [f for name in PURE + PURE_PACKAGES for f in python_files(name)]
    assert files
    for path in files:
        for module in imported_modules(path):
            assert not module.startswith(
                (
                    "flask",
                    "sqlalchemy",
                    "engage.extensions",
                    "engage.models",
                    "engage.web",
                    "engage.services",
                )
            ), (path, module)


def test_models_do_not_import_services_or_web():
    for path in python_files("models"):
        for module in imported_modules(path):
            assert not module.startswith(("engage.services", "engage.web")), (path, module)


def test_services_do_not_import_web():
    for path in python_files("services"):
        for module in imported_modules(path):
            assert not module.startswith(("engage.web", "flask_login", "flask_wtf")), (path, module)


def test_modules_stay_small():
    for path in PACKAGE.rglob("*.py"):
        lines = len(path.read_text().splitlines())
        assert lines <= 400, f"{path} has {lines} lines"


def test_a_web_worker_loads_no_scikit_learn_until_a_model_needs_it():
    """About 15 MB a worker: TextBlob's NLTK would import it for a wrapper Engage never uses."""
    import subprocess
    import sys

    script = (
        "import sys, wsgi\n"
        "from engage.analysis.engine import Comment, Engine\n"
        "Engine().analyse([Comment('The staff were helpful', 'What was good?')])\n"
        "assert 'sklearn' not in sys.modules, 'scikit-learn was imported'\n"
        "import sklearn.svm\n"
    )  # and it still imports when a model needs it
    result = subprocess.run(  # noqa: S603 (our own script)
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=PACKAGE.parent,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]


def test_only_the_read_side_imports_the_confidentiality_engine():
    """One door: a figure that reached a page without the read side would skip the engine."""
    reading = PACKAGE / "services" / "reading"
    for path in PACKAGE.rglob("*.py"):
        if reading in path.parents or path.parent == PACKAGE / "analysis":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom):
                names = {f"{node.module}.{alias.name}" for alias in node.names}
                names.add(node.module or "")
            elif isinstance(node, ast.Import):
                names = {alias.name for alias in node.names}
            else:
                continue
            assert "engage.analysis.confidentiality" not in names, path


def test_web_code_never_touches_the_database():
    """Views ask services (``lookup.get_in`` and the like); they never query or commit."""
    for path in python_files("web"):
        source = path.read_text()
        for module in imported_modules(path):
            assert not module.startswith("sqlalchemy"), (path, module)
        assert "import db" not in source and "db.session" not in source, path


# The write path (the submission's insert, the folder, the re-redaction job, the demo's
# loader) and the programme admin's download of originals are the only readers of what a
# respondent typed; everything else reads the redacted copy.
ORIGINAL_TEXT_READERS = {
    "models/response.py",
    "services/folding.py",
    "services/redaction.py",
    "services/reading/raw.py",
}


def original_text_uses(tree: ast.AST) -> list[int]:
    """Lines that name the answers' original text: ``Answer.text``, ``answers.c.text``
    and ``Answer.__table__.c.text``, or ``.text`` of a variable called answer(s)."""
    lines = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Attribute) or node.attr != "text":
            continue
        owner = node.value
        if isinstance(owner, ast.Name) and owner.id.lower() in {"answer", "answers"}:
            lines.append(node.lineno)
        elif isinstance(owner, ast.Attribute) and owner.attr == "c":
            table = ast.unparse(owner.value)
            if "answer" in table.lower():
                lines.append(node.lineno)
    return sorted(lines)


def test_only_the_write_path_and_the_originals_download_read_original_comments():
    """A reader that took ``Answer.text`` would show a comment before (or without) its
    redaction; the end-to-end test (tests/web/test_redaction_at_the_door.py) watches the
    SQL of every page and file for the same column."""
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE).as_posix()
        if relative in ORIGINAL_TEXT_READERS:
            continue
        for line in original_text_uses(ast.parse(path.read_text())):
            offenders.append(f"{relative}:{line}")
    assert offenders == []


def test_the_original_text_check_finds_what_it_looks_for():
    found = original_text_uses(
        ast.parse("select(Answer.text)\nanswer.text\nanswers.c.text\nAnswer.__table__.c.text")
    )
    assert found == [1, 2, 3, 4]
    assert original_text_uses(ast.parse("select(Answer.redacted)\nquestion.text")) == []
