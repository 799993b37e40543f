"""Logos: only real images are taken, bombs are refused before decoding, and what is kept is
a fresh small PNG with nothing of the upload's metadata."""

import io
import struct
import zlib

import pytest
from PIL import Image

from engage import images
from tests.builders import png_bytes


def opened(png: bytes) -> Image.Image:
    return Image.open(io.BytesIO(png))


def test_a_logo_is_re_encoded_as_a_png_that_fits_the_box():
    logo = images.checked_logo(png_bytes((1600, 400), format="JPEG", quality=90))
    image = opened(logo.png)
    assert image.format == "PNG" and image.size == (320, 80) == (logo.width, logo.height)
    assert len(logo.digest) == 16


def test_a_small_logo_is_not_enlarged():
    assert opened(images.checked_logo(png_bytes((40, 20))).png).size == (40, 20)


def test_metadata_is_not_kept():
    exif = Image.Exif()
    exif[0x010E] = "Taken at 10 Downing Street"  # ImageDescription
    exif[0x013B] = "Jane Doe"  # Artist
    upload = png_bytes((100, 50), format="JPEG", exif=exif.tobytes())
    assert b"Jane Doe" in upload
    logo = images.checked_logo(upload)
    assert b"Jane Doe" not in logo.png and b"Downing" not in logo.png
    assert not opened(logo.png).info.get("exif")


def bomb(width: int, height: int) -> bytes:
    """A valid PNG header claiming a huge image, with a tiny compressed body."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    rows = zlib.compress(b"\0" * 1024)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize("size", [(50_000, 50_000), (5000, 4000), (4097, 4097)])
def test_decompression_bombs_are_refused_before_they_are_decoded(size):
    upload = bomb(*size)
    assert len(upload) < 2000
    with pytest.raises(images.ImageProblem, match="too large"):
        images.checked_logo(upload)


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (b"", "Choose an image file"),
        (b"<svg onload=alert(1)></svg>", "PNG, JPEG, GIF or WebP"),
        (b"%PDF-1.4 not an image", "PNG, JPEG, GIF or WebP"),
        (png_bytes()[:60], "damaged|PNG, JPEG"),
        (b"x" * (images.MAX_BYTES + 1), "200 KB or smaller"),
    ],
)
def test_what_is_not_a_usable_image_is_refused_with_a_reason(upload, message):
    with pytest.raises(images.ImageProblem, match=message):
        images.checked_logo(upload)


def test_an_animated_gif_keeps_its_first_frame_only():
    frames = [Image.new("RGB", (30, 30), colour) for colour in ("red", "blue")]
    out = io.BytesIO()
    frames[0].save(out, format="GIF", save_all=True, append_images=frames[1:])
    image = opened(images.checked_logo(out.getvalue()).png)
    assert getattr(image, "n_frames", 1) == 1 and image.getpixel((5, 5))[:3] == (255, 0, 0)
