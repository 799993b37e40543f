import pytest

from engage import create_app
from engage.config import (
    DEV_SECRET_KEY,
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


def test_production_with_a_secret_sets_secure_cookies():
    config = from_environment(
        {
            "ENGAGE_ENV": "production",
            "SECRET_KEY": "k" * 40,
            "DATABASE_URL": "postgresql://db/engage",
        }
    )
    assert config["SESSION_COOKIE_SECURE"] is True
    finalise(config)
    assert config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://db/engage"
    assert config["SQLALCHEMY_ENGINE_OPTIONS"] == {"pool_pre_ping": True}


def test_development_defaults_to_an_embedded_sqlite_file():
    config = from_environment({})
    assert config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///")
    assert config["SECRET_KEY"] == DEV_SECRET_KEY
    assert config["MAX_CONTENT_LENGTH"] == 256 * 1024


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
