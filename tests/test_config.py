import stat

import click
import pytest

from engage import create_app
from engage.cli import refuse_weak_key_beyond_loopback
from engage.config import (
    DEV_SECRET_KEY,
    SECRET_KEY_FILE,
    ConfigError,
    finalise,
    from_environment,
    normalise_database_url,
)


def test_production_without_a_real_secret_refuses_to_start(monkeypatch):
    monkeypatch.setenv("ENGAGE_ENV", "production")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app()
    monkeypatch.setenv("SECRET_KEY", DEV_SECRET_KEY)
    with pytest.raises(ConfigError):
        create_app()
    monkeypatch.setenv("SECRET_KEY", "short")
    with pytest.raises(ConfigError):
        create_app()


PRODUCTION = {
    "ENGAGE_ENV": "production",
    "SECRET_KEY": "k" * 40,
    "ENGAGE_PUBLIC_URL": "https://engage.council.gov.uk/",
    "TRUSTED_HOSTS": "engage.council.gov.uk, .staff.council.gov.uk",
}


def test_production_with_a_secret_sets_secure_cookies():
    config = from_environment({**PRODUCTION, "DATABASE_URL": "postgresql://db/engage"})
    assert config["SESSION_COOKIE_SECURE"] is True
    assert config["ENGAGE_PUBLIC_URL"] == "https://engage.council.gov.uk"
    assert config["TRUSTED_HOSTS"] == ["engage.council.gov.uk", ".staff.council.gov.uk"]
    finalise(config)
    assert config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://db/engage"
    assert config["SQLALCHEMY_ENGINE_OPTIONS"] == {"pool_pre_ping": True}


def test_development_defaults_to_an_embedded_sqlite_file():
    config = from_environment({})
    assert config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///")
    assert config["SECRET_KEY"] == ""
    assert config["MAX_CONTENT_LENGTH"] == 256 * 1024


def development_config(instance, env=None) -> dict:
    config = from_environment(env or {})
    config["ENGAGE_INSTANCE_PATH"] = str(instance)
    finalise(config)
    return config


def test_first_run_makes_a_private_random_key_in_the_instance_folder(tmp_path):
    config = development_config(tmp_path)
    path = tmp_path / SECRET_KEY_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert config["SECRET_KEY"] == path.read_text()
    assert len(config["SECRET_KEY"]) >= 32
    assert config["SECRET_KEY"] != DEV_SECRET_KEY
    assert [p.name for p in tmp_path.iterdir()] == [SECRET_KEY_FILE]


def test_the_instance_key_is_reused_on_the_next_start(tmp_path):
    first = development_config(tmp_path)["SECRET_KEY"]
    assert development_config(tmp_path)["SECRET_KEY"] == first


def test_secret_key_from_the_environment_wins(tmp_path):
    config = development_config(tmp_path, {"SECRET_KEY": "e" * 40})
    assert config["SECRET_KEY"] == "e" * 40
    assert not (tmp_path / SECRET_KEY_FILE).exists()


def test_the_public_development_key_is_refused_everywhere(tmp_path):
    with pytest.raises(ConfigError, match="development key"):
        development_config(tmp_path, {"SECRET_KEY": DEV_SECRET_KEY})


def test_tests_get_a_throwaway_key_and_leave_the_instance_folder_alone(tmp_path):
    config = from_environment({})
    config.update({"ENGAGE_INSTANCE_PATH": str(tmp_path), "TESTING": True})
    finalise(config)
    assert len(config["SECRET_KEY"]) >= 32
    assert not (tmp_path / SECRET_KEY_FILE).exists()


def test_a_short_key_is_refused_beyond_loopback():
    refuse_weak_key_beyond_loopback("127.0.0.1", "short")
    refuse_weak_key_beyond_loopback("0.0.0.0", "k" * 40)  # noqa: S104
    with pytest.raises(click.ClickException, match="other machines"):
        refuse_weak_key_beyond_loopback("0.0.0.0", "short")  # noqa: S104


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgres://u@h/d", "postgresql+psycopg://u@h/d"),
        ("postgresql://u@h/d", "postgresql+psycopg://u@h/d"),
        ("postgresql+psycopg://u@h/d", "postgresql+psycopg://u@h/d"),
        ("sqlite:///x.db", "sqlite:///x.db"),
    ],
)
def test_database_urls_use_psycopg_3(given, expected):
    assert normalise_database_url(given) == expected


def test_production_responses_carry_hsts_and_files_one_charset(app, client, staff, admin):
    from tests.builders import build_world

    assert "Strict-Transport-Security" not in client.get("/").headers
    build_world(admin)
    csv = staff.export("/downloads/p/test/exports/theme-summary.csv")
    assert csv.headers["Content-Type"] == "text/csv; charset=utf-8"  # once, not twice
    app.config["ENGAGE_ENV"] = "production"
    assert client.get("/").headers["Strict-Transport-Security"].startswith("max-age=31536000")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"ENGAGE_PUBLIC_URL": ""}, "needs ENGAGE_PUBLIC_URL"),
        ({"ENGAGE_PUBLIC_URL": "http://engage.council.gov.uk"}, "needs ENGAGE_PUBLIC_URL"),
        ({"ENGAGE_PUBLIC_URL": "https://engage.council.gov.uk/s"}, "with no path"),
        ({"TRUSTED_HOSTS": ""}, "needs TRUSTED_HOSTS"),
        ({"TRUSTED_HOSTS": " , "}, "TRUSTED_HOSTS=engage.council.gov.uk"),
        ({"TRUSTED_HOSTS": "other.gov.uk"}, "not in TRUSTED_HOSTS"),
    ],
)
def test_production_refuses_to_start_without_its_public_address(monkeypatch, change, message):
    for name, value in {**PRODUCTION, **change}.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError, match=message):
        create_app()


def test_development_takes_any_host_unless_told(monkeypatch):
    assert from_environment({})["TRUSTED_HOSTS"] is None
    assert from_environment({"TRUSTED_HOSTS": "a.org,b.org"})["TRUSTED_HOSTS"] == ["a.org", "b.org"]


def test_requests_for_hosts_outside_trusted_hosts_are_refused(app, client):
    app.config["TRUSTED_HOSTS"] = ["engage.example.org"]
    assert client.get("/", headers={"Host": "engage.example.org"}).status_code == 200
    assert client.get("/", headers={"Host": "evil.example.com"}).status_code == 400
