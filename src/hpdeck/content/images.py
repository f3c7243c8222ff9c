"""Checking image files before they go into a deck: real images, of sane size, in a known format.

python-pptx embeds whatever bytes it is given and LibreOffice/PowerPoint decode them later, so a
renamed PDF or a tiny PNG that unpacks to gigapixels would only fail (or hang) far downstream.
Only the header is read here; nothing is decoded.
"""

from __future__ import annotations

import io
import stat
import warnings
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from hpdeck.errors import ContentError
from hpdeck.messages import say

MAX_BYTES = 20 * 1024 * 1024
MAX_PIXELS = 40_000_000  # 40 megapixels: far above any slide photo, far below a bomb
FORMATS = {"PNG": "PNG", "JPEG": "JPEG", "GIF": "GIF"}


def check_image(path: Path, display: str) -> None:
    """Refuse files that are not PNG/JPEG/GIF images or that would decompress to giant sizes."""
    from PIL import Image, UnidentifiedImageError

    try:
        info = path.stat()
    except OSError as exc:
        why = exc.strerror or exc
        raise ContentError.single(display, say("image.unreadable", why=why)) from None
    if not stat.S_ISREG(info.st_mode):  # opening a named pipe would wait forever
        raise ContentError.single(display, say("image.not_regular"))
    size = info.st_size
    if size > MAX_BYTES:
        raise ContentError.single(
            display,
            say("image.too_many_bytes", size=f"{size / 2**20:.0f}", limit=MAX_BYTES // 2**20),
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                kind, (width, height) = image.format, image.size
                if kind in FORMATS and width * height <= MAX_PIXELS:
                    image.verify()  # checks structure and checksums without decoding pixels
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_large(display) from None
    except UnidentifiedImageError:
        raise ContentError.single(display, say("image.not_image")) from None
    except (OSError, SyntaxError, ValueError) as exc:
        raise ContentError.single(display, say("image.damaged", why=exc)) from None
    if kind not in FORMATS:
        raise ContentError.single(display, say("image.format", kind=kind))
    if width * height > MAX_PIXELS:
        raise _too_large(display, width, height)


def _too_large(display: str, width: int = 0, height: int = 0) -> ContentError:
    size = say("image.pixels", width=width, height=height) if width else ""
    return ContentError.single(
        display, say("image.too_large", size=size, limit=MAX_PIXELS // 1_000_000)
    )


@dataclass(frozen=True)
class Prepared:
    """An image ready to embed: its bytes and its size in pixels after scaling and cropping."""

    data: bytes
    width: int
    height: int


DPI = 200  # sharp on a projector and in print, without megabytes per screenshot


def prepare_image(
    path: Path, display: str, width: float, height: float, *, max_aspect: float | None = None
) -> Prepared:
    """The image checked, turned upright, cropped, scaled to ``width`` × ``height`` inches at
    200 dpi and recompressed, so a slide of screenshots stays small.

    ``max_aspect`` (height / width) crops taller images from the top, where a clipping's
    headline is. Opaque images become JPEG (quality 85), images with transparency PNG.
    """
    check_image(path, display)
    stat = path.stat()
    return _prepare(
        path, display, stat.st_mtime_ns, stat.st_size, round(width, 3), round(height, 3), max_aspect
    )


@lru_cache(maxsize=64)
def _prepare(
    path: Path,
    display: str,
    _mtime: int,
    _size: int,
    width: float,
    height: float,
    max_aspect: float | None,
) -> Prepared:
    from PIL import Image, ImageOps

    try:
        with Image.open(path) as opened:
            image = ImageOps.exif_transpose(opened)
            image.load()
    except (OSError, SyntaxError, ValueError) as exc:
        raise ContentError.single(display, say("image.damaged", why=exc)) from None
    if max_aspect and image.height > image.width * max_aspect:
        image = image.crop((0, 0, image.width, round(image.width * max_aspect)))
    scale = min(1.0, width * DPI / image.width, height * DPI / image.height)
    if scale < 1:
        size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
        image = image.resize(size, Image.Resampling.LANCZOS)
    out = io.BytesIO()
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        image.convert("RGBA").save(out, format="PNG", optimize=True)
    else:
        image.convert("RGB").save(out, format="JPEG", quality=85, optimize=True)
    return Prepared(out.getvalue(), image.width, image.height)
