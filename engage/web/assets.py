"""The dashboard's scripts, sent compressed and cached for good, and its page sent gzipped.

Issue 10 asks for at most 1.5 MB on a first visit and under 100 KB on a repeat one. The
dashboard's charts are SVG inside the page (``engage.charts.svg``), so a first visit moves
the page, the stylesheet and two small scripts (the filters' cascade; ``charts.js``, which
offers each chart interactive). Plotly's bundle (4.8 MB; 1.1 MB as brotli) travels only
when a director presses "Interactive chart", and then once: Engage runs air-gapped, so it
comes from the installed plotly package, never from a CDN. What we can change is how
scripts travel:

- **Compressed once, kept on disk.** ``flask compress-assets`` makes the best brotli and gzip
  ahead of time (10-25 s for Plotly; quickstart's gunicorn starts it in the background); a
  request that finds nothing ready makes a quick copy in a fraction of a second instead.
  Files go to the instance folder, named by content, so workers and restarts share them.
- **Named by content, cached for a year.** The URL carries a hash of the file, so a new
  plotly or a changed script gets a new URL and the old copy can be ``immutable``: a repeat
  visit asks for nothing. The ETag still answers a browser that revalidates anyway.
- **The page itself** is gzipped for views that opt in with :func:`compressed`. Only views
  that echo no free text opt in: compressing a secret (the sign-out form's CSRF token) next
  to text an attacker chose would let them guess it from response sizes (BREACH).
"""

from __future__ import annotations

import gzip
import hashlib
import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache, wraps
from pathlib import Path

import brotli
import click
import plotly
from flask import Flask, Response, abort, current_app, make_response, request, send_file, url_for

ROOT = Path(__file__).resolve().parent.parent.parent
SOURCES = {
    "plotly": Path(plotly.__file__).parent / "package_data" / "plotly.min.js",
    "charts": ROOT / "static" / "js" / "charts.js",
    "filters": ROOT / "static" / "js" / "filters.js",
    "shortcuts": ROOT / "static" / "js" / "shortcuts.js",
}
ENDPOINT = "insights.script"
YEAR = 365 * 24 * 3600
FOREVER = f"public, max-age={YEAR}, immutable"
SMALLEST_WORTH_COMPRESSING = 1024


@dataclass(frozen=True)
class Encoding:
    """One content coding: how to make it quickly (in a request) and as small as it goes."""

    name: str
    suffix: str
    quick: Callable[[bytes], bytes]
    best: Callable[[bytes], bytes]


ENCODINGS = (
    Encoding(
        "br",
        ".br",
        quick=lambda data: brotli.compress(data, quality=5),
        best=lambda data: brotli.compress(data, quality=11, lgwin=24),
    ),
    Encoding(
        "gzip",
        ".gz",
        quick=lambda data: gzip.compress(data, 9, mtime=0),
        best=lambda data: gzip.compress(data, 9, mtime=0),
    ),
)


@lru_cache(maxsize=16)
def digest_of(path: Path, modified_ns: int, size: int) -> str:
    """Hashed once per file version, not once per app: the test suite builds many apps."""
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


@dataclass(frozen=True)
class Asset:
    """A script under a name that changes whenever its content does."""

    path: Path
    digest: str

    @classmethod
    def of(cls, path: Path) -> Asset:
        stat = path.stat()
        return cls(path, digest_of(path, stat.st_mtime_ns, stat.st_size))

    @property
    def name(self) -> str:
        stem, _, extension = self.path.name.rpartition(".")
        return f"{stem}.{self.digest}.{extension}"


class AssetCache:
    """Compressed copies of the assets in one folder: best quality if made, else quick."""

    def __init__(self, folder: Path, sources: dict[str, Path]):
        self.folder = folder
        self.assets = {key: Asset.of(path) for key, path in sources.items()}

    def find(self, name: str) -> Asset | None:
        return next((asset for asset in self.assets.values() if asset.name == name), None)

    def copy(self, asset: Asset, encoding: Encoding) -> Path:
        """The best copy on disk, else a quick one, made now if there is none yet."""
        best = self.folder / f"{asset.name}{encoding.suffix}"
        quick = self.folder / f"{asset.name}.quick{encoding.suffix}"
        for path in (best, quick):
            if path.is_file():
                return path
        self.write(quick, encoding.quick(asset.path.read_bytes()))
        return quick

    def build(self) -> list[Path]:
        """Make every best copy that is missing, and drop copies of assets that changed."""
        made = []
        for asset in self.assets.values():
            for encoding in ENCODINGS:
                path = self.folder / f"{asset.name}{encoding.suffix}"
                if not path.is_file():
                    self.write(path, encoding.best(asset.path.read_bytes()))
                    made.append(path)
                (self.folder / f"{asset.name}.quick{encoding.suffix}").unlink(missing_ok=True)
        self.prune()
        return made

    def prune(self) -> None:
        """Copies of other versions go; a partial file goes once no writer can still own it."""
        current = tuple(f"{asset.name}." for asset in self.assets.values())
        abandoned = time.time() - 3600
        for path in self.folder.glob("*"):
            partial = path.name.startswith(".partial-")
            if (partial and path.stat().st_mtime < abandoned) or not (
                partial or path.name.startswith(current)
            ):
                path.unlink(missing_ok=True)

    def write(self, path: Path, data: bytes) -> None:
        """Whole or not at all: another worker may be reading or writing the same name."""
        self.folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=".partial-")
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temporary, 0o644)  # mkstemp's 0600 would hide it from a server run as another user
        os.replace(temporary, path)


def cache() -> AssetCache:
    return current_app.extensions["engage_assets"]


def script_url(key: str) -> str:
    return url_for(ENDPOINT, name=cache().assets[key].name)


def accepted() -> Encoding | None:
    """The first coding we make that the browser accepts; brotli is listed first."""
    return next((e for e in ENCODINGS if request.accept_encodings.quality(e.name) > 0), None)


def send_script(name: str) -> Response:
    """One asset by its content-named URL: compressed if accepted, cached for a year."""
    asset = cache().find(name)
    if asset is None:
        abort(404)  # an old hash: a year-long cache must never pin other content to it
    encoding = accepted()
    path = asset.path if encoding is None else cache().copy(asset, encoding)
    # Quick and best copies decode alike but differ in bytes, so their ETags differ too.
    coding = "identity" if encoding is None else path.name[len(asset.name) + 1 :]
    response = send_file(
        path, mimetype="text/javascript", etag=f"{asset.digest}-{coding}", max_age=YEAR
    )
    if encoding is not None and response.status_code != 304:
        response.headers["Content-Encoding"] = encoding.name
    response.vary.add("Accept-Encoding")
    response.headers["Cache-Control"] = FOREVER
    return response


def gzipped(response: Response) -> Response:
    """The response gzipped when the browser takes gzip and there is enough to gain."""
    response.vary.add("Accept-Encoding")
    if (
        response.status_code != 200
        or response.direct_passthrough
        or "Content-Encoding" in response.headers
        or request.accept_encodings.quality("gzip") <= 0
    ):
        return response
    body = response.get_data()
    if len(body) >= SMALLEST_WORTH_COMPRESSING:
        response.set_data(gzip.compress(body, 6, mtime=0))
        response.headers["Content-Encoding"] = "gzip"
    return response


def compressed(view):
    """Gzip this view's page; only for views that echo no free text (see the module note)."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        return gzipped(make_response(view(*args, **kwargs)))

    return wrapper


@click.command("compress-assets")
def compress_assets() -> None:
    """Brotli and gzip the dashboard's scripts at their best, once per version (10-25 s)."""
    made = cache().build()
    for path in made:
        click.echo(f"Wrote {path} ({path.stat().st_size:,} bytes).")
    click.echo(f"Compressed scripts are ready in {cache().folder} ({len(made)} new).")


def init_app(app: Flask) -> None:
    folder = app.config.get("ENGAGE_ASSET_CACHE") or Path(app.instance_path) / "assets"
    app.extensions["engage_assets"] = AssetCache(Path(folder), SOURCES)
    app.jinja_env.globals["script_url"] = script_url
    app.cli.add_command(compress_assets)
