"""WCAG colour arithmetic, shared by the linter and both chart writers so they agree."""

from __future__ import annotations


def _linear(channel: int) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(hex_colour: str) -> float:
    """WCAG relative luminance of an 'RRGGBB' colour (a leading '#' is allowed)."""
    value = hex_colour.lstrip("#")
    r, g, b = (int(value[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _linear(r) + 0.7152 * _linear(g) + 0.0722 * _linear(b)


def contrast(one: str, other: str) -> float:
    """WCAG contrast ratio between two colours, from 1 to 21."""
    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def ink_on(fill: str) -> str:
    """White or near-black text ('RRGGBB'), whichever contrasts more with ``fill``."""
    return "FFFFFF" if contrast("FFFFFF", fill) >= contrast("111111", fill) else "111111"


UNKNOWN_TINT = 0.3
"""How far the status map's tint for a municipality of no known stage goes from the background
towards the line colour: light enough that every stage colour keeps 3:1 against it."""


def neutral(background: str, line: str) -> str:
    """The fill of a municipality whose stage is not known: a tint between background and line."""
    mixed = (
        round(
            int(background[i : i + 2], 16) * (1 - UNKNOWN_TINT)
            + int(line[i : i + 2], 16) * UNKNOWN_TINT
        )
        for i in (0, 2, 4)
    )
    return "".join(f"{c:02X}" for c in mixed)
