"""A package's relationships and parts in python-pptx's order, read from their own fields.

python-pptx walks a package (to write it, to find its pictures, to name a new part) through a
property or two for every relationship; writing a deck walks it several times, and a batch
writes every deck. The walk here visits the same relationships in the same order: depth first
from the package's, each part's relationships right after the first relationship that reaches
it (``OpcPackage.iter_rels``), each part once, where first reached (``iter_parts``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pptx.opc.constants import RELATIONSHIP_TARGET_MODE as RTM


def relationships(package: Any) -> Iterator[Any]:
    """``package.iter_rels()``."""
    seen: set[Any] = set()

    def visit(rels: Any) -> Iterator[Any]:
        for rel in rels._rels.values():
            yield rel
            if rel._target_mode == RTM.EXTERNAL or rel._target in seen:
                continue
            seen.add(rel._target)
            yield from visit(rel._target._rels)

    return visit(package._rels)


def parts(package: Any) -> list[Any]:
    """``list(package.iter_parts())``."""
    found: list[Any] = []
    seen: set[Any] = set()

    def visit(rels: Any) -> None:
        for rel in rels._rels.values():
            if rel._target_mode == RTM.EXTERNAL or rel._target in seen:
                continue
            part = rel._target
            seen.add(part)
            found.append(part)
            visit(part._rels)

    visit(package._rels)
    return found
