"""Organisations' logos: an uploaded image checked, cut down and re-encoded before it is kept.

An upload is untrusted bytes that every respondent's browser will be handed, so nothing of
it is kept as sent. Pillow opens it only if it is a PNG, JPEG, GIF or WebP no bigger than
``MAX_BYTES`` with at most ``MAX_PIXELS`` pixels (a small file that unpacks to a huge image,
a "decompression bomb", is refused before it is decoded), checks it (``verify``), then
decodes it again, keeps the first frame, scales it to fit ``BOX`` and writes a fresh PNG.
The new file carries no metadata from the upload (no EXIF, no location, no comments, no
colour profile), and no animation or script can survive.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError

MAX_BYTES = 200 * 1024
MAX_PIXELS = 4096 * 4096
BOX = (320, 120)  # the largest a logo is drawn at, twice over for sharp screens
FORMATS = ("PNG", "JPEG", "GIF", "WEBP")
TOO_LARGE = "The image is too large: use one under 4096 by 4096 pixels"


class ImageProblem(ValueError):
    """Why an upload cannot be used, in words for the person who sent it."""


@dataclass(frozen=True)
class Logo:
    png: bytes
    digest: str  # names the logo in its address, so a new logo is a new address
    width: int
    height: int


def checked_logo(data: bytes) -> Logo:
    """The upload as a small clean PNG, or ``ImageProblem`` saying what is wrong with it."""
    if not data:
        raise ImageProblem("Choose an image file")
    if len(data) > MAX_BYTES:
        raise ImageProblem(f"The image must be {MAX_BYTES // 1024} KB or smaller")
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = opened(data)
            image.verify()  # structure and checksums; the image cannot be used afterwards
            image = opened(data)
            image.seek(0)
            image.load()
        except ImageProblem:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise ImageProblem(TOO_LARGE) from None
        except UnidentifiedImageError:
            raise ImageProblem("The file must be a PNG, JPEG, GIF or WebP image") from None
        except (OSError, SyntaxError, ValueError, EOFError):
            raise ImageProblem("The image could not be read: it may be damaged") from None
    return re_encoded(image)


def opened(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data), formats=FORMATS)
    width, height = image.size
    if width * height > MAX_PIXELS or width < 1 or height < 1:
        raise ImageProblem(TOO_LARGE)
    return image


def re_encoded(image: Image.Image) -> Logo:
    """A fresh PNG of the pixels only, scaled to fit ``BOX`` (never enlarged)."""
    clean = image.convert("RGBA")
    clean.thumbnail(BOX, Image.Resampling.LANCZOS)
    out = io.BytesIO()
    clean.save(out, format="PNG", optimize=True)
    png = out.getvalue()
    return Logo(png, hashlib.sha256(png).hexdigest()[:16], clean.width, clean.height)
