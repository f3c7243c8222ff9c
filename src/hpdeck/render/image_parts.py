"""Finding and naming picture parts without walking the whole package each time.

python-pptx finds a picture already in the package, and the next free name for a new one, by
walking every relationship of every part: a deck of council slides with a logo and a chart on
each does that dozens of times, and a batch for every deck. ``install`` walks the package once
(after the template is opened, before any slide is written) and answers the same questions from
an index that every picture added afterwards goes into. Every picture part the writer adds is
made here (python-pptx's ``add_picture`` and hpdeck.render.shared_slides both come through
``get_or_add_image_part``), and none is removed while writing, so the answers are the ones the
walk would give: the same part for the same bytes, the same ``/ppt/media/imageN`` names.
"""

from __future__ import annotations

import io
from typing import IO, Any

from pptx.opc.constants import RELATIONSHIP_TARGET_MODE as RTM
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.packuri import PackURI
from pptx.package import _ImageParts
from pptx.parts.image import Image, ImagePart

from hpdeck.render import package_walk


class _IndexedImageParts(_ImageParts):
    """python-pptx's picture parts of one package, found by their SHA-1 from an index."""

    def __init__(self, package: Any) -> None:
        super().__init__(package)
        self._by_sha1: dict[str, ImagePart] = {}
        # The pictures in python-pptx's own order (_ImageParts): the first part with a hash wins.
        for rel in package_walk.relationships(package):
            if rel._target_mode == RTM.EXTERNAL or rel._reltype != RT.IMAGE:
                continue
            sha1 = getattr(rel._target, "sha1", None)  # unknown kinds (SVG) have none
            if sha1 is not None:
                self._by_sha1.setdefault(sha1, rel._target)
        # A list, not a set: python-pptx counts image1.png and image1.jpeg as two.
        self._numbers = [
            part.partname.idx
            for part in package_walk.parts(package)
            if part.partname.startswith("/ppt/media/image") and part.partname.idx is not None
        ]

    def get_or_add_image_part(self, image_file: str | IO[bytes]) -> ImagePart:
        return self.part_for(Image.from_file(image_file))

    def part_for(self, image: Image) -> ImagePart:
        """The part holding ``image``'s bytes, made (and named) when the package has none."""
        found = self._by_sha1.get(image.sha1)
        if found is not None:
            return found
        number = self._first_free()
        part = ImagePart(
            PackURI(f"/ppt/media/image{number}.{image.ext}"),
            image.content_type,
            self._package,
            image.blob,
            image.filename,
        )
        self._numbers.append(number)
        self._by_sha1[image.sha1] = part
        return part

    def _first_free(self) -> int:
        """The lowest number no picture part uses, as ``next_image_partname`` counts."""
        for index, used in enumerate(sorted(self._numbers), start=1):
            if index < used:
                return index
        return len(self._numbers) + 1


def part_for(package: Any, image: Image) -> ImagePart:
    """``package.get_or_add_image_part`` for an image already read (its hash and format known:
    a picture copied into every deck of a batch is read once)."""
    parts = package._image_parts
    if isinstance(parts, _IndexedImageParts):
        return parts.part_for(image)
    return package.get_or_add_image_part(io.BytesIO(image.blob))


def install(prs: Any) -> None:
    """Index the picture parts of ``prs``'s package; pictures added from now on use it."""
    package = prs.part.package
    package.__dict__["_image_parts"] = _IndexedImageParts(package)
