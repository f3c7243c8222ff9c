"""hpdeck's marks in the XML it writes, declared once for the writer that sets them and the
linter that reads them back.

- **Shape roles**, by shape name: the chrome every content slide carries (footer, logo) and the
  title slide's brand shapes. The linter exempts the chrome from the body-size rule.
- **hpdeck's own extension** (namespace ``urn:hpdeck:source``, prefix ``hp``): an ``a:ext`` in a
  shape's ``p:cNvPr`` holding ``hp:meta`` with ``source`` (file:line of the content) and ``min``
  (the smallest size the layout allowed), and an ``hp:part`` per paragraph written elsewhere than
  the rest (``p``: its index, ``source``: its file:line; a quote's role under the quote's words),
  and in a native chart an ``hp:category`` per bar (``i``: its index in the chart's data,
  ``source`` and ``note``: where its name and its note were written).
  PowerPoint ignores it and the schemas allow it.
- **The decorative flag** as PowerPoint writes it (``adec:decorative``), so assistive technology
  and the PDF export skip accent bars, rules and the repeated logo.
"""

from __future__ import annotations

FOOTER = "Footer"
LOGO = "Logo"
TITLE = "Title"
COLOUR_FIELD = "Colour field"
ACCENT_BAR = "Accent bar"
CHROME = (FOOTER, LOGO)
"""Shapes hpdeck adds to every content slide, the same on each: exempt from the body size."""

SOURCE_EXT = "{8B2D5B4E-6C1A-4E0F-9A57-1D3C0F5E7A21}"
"""The uri of hpdeck's extension in a shape's cNvPr."""
HP_NS = "urn:hpdeck:source"
HP_PREFIX = "hp"

DECORATIVE_EXT = "{C183D7F6-B498-43B3-948B-1728B52AA6E4}"
"""The uri PowerPoint writes for 'Mark as decorative'."""
DECORATIVE_NS = "http://schemas.microsoft.com/office/drawing/2017/decorative"
DECORATIVE_PREFIX = "adec"

NAMESPACES = {
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
    "c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    HP_PREFIX: HP_NS,
}
"""Prefixes for reading a slide's XML back (the linter's XPath)."""
