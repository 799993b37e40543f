"""Configuration read from the environment.

The embedded default (a SQLite file in ``instance/``) needs no settings at all; production
needs ``SECRET_KEY``, ``ENGAGE_PUBLIC_URL`` and ``TRUSTED_HOSTS``, and usually
``DATABASE_URL``. A production run without a real secret key refuses to start, because a
guessable key lets anyone forge an organiser's session; without a public address, links
would be built from whatever Host header a request carried.
Without ``SECRET_KEY`` elsewhere, a random key is made once in the instance folder (mode
0600) and reused, so sessions survive restarts and every worker signs with the same key;
the public development key is refused outright, so no server and no remember cookie uses it.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from werkzeug.sansio.utils import host_is_trusted

DEV_SECRET_KEY = "engage-development-key-not-for-production"  # noqa: S105
DEFAULT_INSTANCE = Path(__file__).resolve().parent.parent / "instance"
SECRET_KEY_FILE = "secret_key"  # noqa: S105 (a file name)


def utcnow() -> datetime:
    return datetime.now(UTC)


class ConfigError(RuntimeError):
    """The environment describes a configuration that must not run."""


def normalise_database_url(url: str) -> str:
    """Point plain PostgreSQL URLs at psycopg 3, the driver we install."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def default_database_url() -> str:
    DEFAULT_INSTANCE.mkdir(exist_ok=True)
    return f"sqlite:///{DEFAULT_INSTANCE / 'engage.sqlite3'}"


def from_environment(env: dict[str, str] | None = None) -> dict:
    env = dict(os.environ if env is None else env)
    production = env.get("ENGAGE_ENV", "development") == "production"
    secret = env.get("SECRET_KEY", "")
    if production and (len(secret) < 32 or secret == DEV_SECRET_KEY):
        raise ConfigError(
            "ENGAGE_ENV=production needs SECRET_KEY set to a random value of at least 32 "
            "characters, for example: python -c 'import secrets; print(secrets.token_hex(32))'"
        )
    public_url = env.get("ENGAGE_PUBLIC_URL", "").strip().rstrip("/")
    trusted_hosts = trusted_hosts_from(env.get("TRUSTED_HOSTS", ""))
    if production:
        require_public_address(public_url, trusted_hosts)
    database_url = normalise_database_url(env.get("DATABASE_URL") or default_database_url())
    return {
        "ENGAGE_ENV": "production" if production else "development",
        # Empty: finalise() takes the instance folder's key (or, under TESTING, a fresh one).
        "SECRET_KEY": secret,
        "ENGAGE_INSTANCE_PATH": str(DEFAULT_INSTANCE),
        "SQLALCHEMY_DATABASE_URI": database_url,
        **session_settings(env, production),
        **sign_in_settings(env),
        **single_sign_on_settings(env),
        # Respondent forms are small; a whole survey of long answers fits well inside 256 KB.
        "MAX_CONTENT_LENGTH": int(env.get("ENGAGE_MAX_CONTENT_LENGTH", 256 * 1024)),
        "MAX_FORM_PARTS": 1000,
        # Long roundtable forms: let a token live for a working day; expiry still loses nothing.
        "WTF_CSRF_TIME_LIMIT": 8 * 3600,
        "ENGAGE_PUBLIC_URL": public_url,
        # Flask answers 400 to a Host header outside this list; None (development) takes any.
        "TRUSTED_HOSTS": trusted_hosts,
        # Background work: Redis-backed RQ workers when set, a thread in the web process if not.
        "REDIS_URL": env.get("REDIS_URL", ""),
        "ENGAGE_JOBS_INLINE": False,
        # Compressed copies of the dashboard's scripts; empty: the instance folder's assets/.
        "ENGAGE_ASSET_CACHE": env.get("ENGAGE_ASSET_CACHE", ""),
        # The dashboard's charts, drawn once and kept; empty: the instance folder's charts/.
        "ENGAGE_CHART_CACHE": env.get("ENGAGE_CHART_CACHE", ""),
        # /metrics answers its own host; elsewhere only with this bearer token.
        "ENGAGE_METRICS_TOKEN": env.get("ENGAGE_METRICS_TOKEN", ""),
        "ENGAGE_SQLITE_BUSY_TIMEOUT_MS": int(env.get("ENGAGE_SQLITE_BUSY_TIMEOUT_MS", 20000)),
        # WAL pages before a commit checkpoints (engage.database); the quickstart's web
        # workers use 0 and leave checkpoints to the folder.
        "ENGAGE_SQLITE_AUTOCHECKPOINT": int(env.get("ENGAGE_SQLITE_AUTOCHECKPOINT", 1000)),
        # How long a worker keeps a link's page and questions (services.kept); 0: never.
        "ENGAGE_PAGE_SECONDS": float(env.get("ENGAGE_PAGE_SECONDS", 2.0)),
    }


def trusted_hosts_from(value: str) -> list[str] | None:
    """``TRUSTED_HOSTS`` is comma-separated (``.example.org`` also takes its subdomains)."""
    hosts = [host.strip().lower() for host in value.split(",") if host.strip()]
    return hosts or None


def require_public_address(public_url: str, trusted_hosts: list[str] | None) -> None:
    """In production, links and QR posters must never take their address from a request's
    Host header (anyone can send one), and requests for other hosts must be refused."""
    parts = urlsplit(public_url)
    if parts.scheme != "https" or not parts.hostname or parts.path or parts.query:
        raise ConfigError(
            "ENGAGE_ENV=production needs ENGAGE_PUBLIC_URL set to the https:// address "
            "respondents use, with no path, for example https://engage.council.gov.uk"
        )
    if not trusted_hosts:
        raise ConfigError(
            "ENGAGE_ENV=production needs TRUSTED_HOSTS: the host names this server answers "
            f"to, comma-separated, for example TRUSTED_HOSTS={parts.hostname}"
        )
    if not host_is_trusted(parts.hostname, trusted_hosts):
        raise ConfigError(
            f"ENGAGE_PUBLIC_URL's host {parts.hostname} is not in TRUSTED_HOSTS "
            f"({', '.join(trusted_hosts)}): respondents' requests would be refused"
        )


def session_settings(env: dict[str, str], production: bool) -> dict:
    """Cookies and lifetimes. ``__Host-`` cookies (Secure, Path=/, no Domain) in production:
    no subdomain can set or overwrite them. Browsers refuse the prefix over plain HTTP, so
    development uses plain names."""
    prefix = "__Host-" if production else ""
    return {
        "SESSION_COOKIE_NAME": f"{prefix}engage_session",
        "SESSION_COOKIE_PATH": "/",
        "SESSION_COOKIE_DOMAIN": None,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        # Engage's own remember-me cookie (a random token per device, hashed on the server).
        "ENGAGE_REMEMBER_COOKIE_NAME": f"{prefix}engage_device",
        "ENGAGE_SESSION_IDLE_MINUTES": int(env.get("ENGAGE_SESSION_IDLE_MINUTES", 30)),
        "ENGAGE_SESSION_MAX_HOURS": int(env.get("ENGAGE_SESSION_MAX_HOURS", 12)),
        "ENGAGE_REMEMBER_DAYS": min(30, int(env.get("ENGAGE_REMEMBER_DAYS", 30))),
        # The clock sessions, links and invitations are timed by; tests put a frozen one here.
        "ENGAGE_CLOCK": utcnow,
    }


def sign_in_settings(env: dict[str, str]) -> dict:
    """Rate limits (Flask-Limiter notation; failed attempts only count) and outgoing mail."""
    return {
        "ENGAGE_SIGN_IN_LIMITS_ACCOUNT": env.get(
            "ENGAGE_SIGN_IN_LIMITS_ACCOUNT", "5 per minute;10 per 15 minutes;20 per hour;50 per day"
        ),
        "ENGAGE_SIGN_IN_LIMITS_CLIENT": env.get(
            "ENGAGE_SIGN_IN_LIMITS_CLIENT", "20 per minute;100 per hour;300 per day"
        ),
        "RATELIMIT_STORAGE_URI": env.get("REDIS_URL") or "memory://",
        # Proxies in front that set X-Forwarded-For/-Proto; 0 trusts none.
        "ENGAGE_PROXY_HOPS": int(env.get("ENGAGE_PROXY_HOPS", 0)),
        "RATELIMIT_STRATEGY": "moving-window",
        "RATELIMIT_HEADERS_ENABLED": True,
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        "ENGAGE_SMTP_HOST": env.get("ENGAGE_SMTP_HOST", ""),
        "ENGAGE_SMTP_PORT": int(env.get("ENGAGE_SMTP_PORT", 587)),
        "ENGAGE_SMTP_SECURITY": env.get("ENGAGE_SMTP_SECURITY", "starttls"),  # tls, none
        "ENGAGE_SMTP_USERNAME": env.get("ENGAGE_SMTP_USERNAME", ""),
        "ENGAGE_SMTP_PASSWORD": env.get("ENGAGE_SMTP_PASSWORD", ""),
        "ENGAGE_MAIL_FROM": env.get("ENGAGE_MAIL_FROM", "engage@localhost"),
    }


def single_sign_on_settings(env: dict[str, str]) -> dict:
    """OpenID Connect sign-in, off unless both the provider's address and a client id are set.

    ``ENGAGE_OIDC_ISSUER`` is the provider's issuer URL or its discovery document URL (the
    one ending ``/.well-known/openid-configuration``); nothing else is ever fetched."""
    issuer = env.get("ENGAGE_OIDC_ISSUER", "").strip().rstrip("/")
    discovery = ""
    if issuer:
        well_known = "/.well-known/openid-configuration"
        discovery = issuer if issuer.endswith(well_known) else issuer + well_known
    return {
        "ENGAGE_OIDC_DISCOVERY_URL": discovery,
        "ENGAGE_OIDC_CLIENT_ID": env.get("ENGAGE_OIDC_CLIENT_ID", "").strip(),
        "ENGAGE_OIDC_CLIENT_SECRET": env.get("ENGAGE_OIDC_CLIENT_SECRET", ""),
        "ENGAGE_OIDC_BUTTON_LABEL": env.get(
            "ENGAGE_OIDC_BUTTON_LABEL", "Sign in with your organisation's account"
        ).strip(),
        "ENGAGE_OIDC_TIMEOUT_SECONDS": int(env.get("ENGAGE_OIDC_TIMEOUT_SECONDS", 10)),
    }


def finalise(config: dict) -> None:
    """Derive what depends on the final database URL, wherever that URL came from."""
    url = normalise_database_url(config["SQLALCHEMY_DATABASE_URI"])
    config["SQLALCHEMY_DATABASE_URI"] = url
    config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", engine_options(url))
    finalise_secret_key(config)


def finalise_secret_key(config: dict) -> None:
    """Never sign with the public development key: anyone could forge a session with it."""
    secret = config.get("SECRET_KEY") or ""
    if secret == DEV_SECRET_KEY:
        raise ConfigError(
            "SECRET_KEY is the public development key; unset it (a random key is then kept "
            "in the instance folder) or set a random value of at least 32 characters"
        )
    if secret:
        return
    if config.get("TESTING"):
        # Tests pass their own config; a throwaway key keeps them off the instance folder.
        config["SECRET_KEY"] = secrets.token_hex(32)
        return
    config["SECRET_KEY"] = instance_secret_key(Path(config["ENGAGE_INSTANCE_PATH"]))


def instance_secret_key(folder: Path) -> str:
    """Read the instance's random key, making it (mode 0600) on first run.

    The key is written to a private temporary file and then hard-linked into place, so
    gunicorn workers starting together all end up reading the one key that won the race.
    """
    path = folder / SECRET_KEY_FILE
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".secret_key-")  # mode 0600
        try:
            with os.fdopen(handle, "w", encoding="ascii") as file:
                file.write(secrets.token_hex(32))
                file.flush()
                os.fsync(file.fileno())
            with contextlib.suppress(FileExistsError):  # another process won: use theirs
                os.link(temporary, path)
        finally:
            os.unlink(temporary)
    secret = path.read_text(encoding="ascii").strip()
    if len(secret) < 32:
        raise ConfigError(f"{path} holds no usable key; delete it to make a new one")
    return secret


def engine_options(database_url: str) -> dict:
    if database_url.startswith("sqlite"):
        return {"connect_args": {"check_same_thread": False}}
    # Survive a database restart: test each pooled connection before use.
    return {"pool_pre_ping": True}
