"""Draw the Helseplattformen theme's logo (themes/helseplattformen/logo.png) deterministically.

A stand-in mark drawn for hpdeck's sample theme, not the programme's registered logo: a navy
disc holding a cross of a white and a berry bar (two levels of care, one record), and the
name in the heading font. Run `python themes/make_logo.py` after changing it; the PNG is
committed so a build never needs this script.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

NAVY, BERRY, WHITE = (11, 60, 93, 255), (163, 25, 91, 255), (255, 255, 255, 255)
HEIGHT = 240
SCALE = 4  # drawn large and scaled down, for smooth edges


def main(target: Path) -> None:
    from hpdeck.plan.fit import font_file

    bold = font_file("Calibri", bold=True) or font_file("Arial", bold=True)
    if bold is None:
        raise SystemExit("needs Calibri or Carlito (fonts-crosextra-carlito) to draw the name")
    h = HEIGHT * SCALE
    font = ImageFont.truetype(str(bold), int(h * 0.5))
    name = "Helseplattformen"
    text_w = int(font.getlength(name))
    width = h + int(h * 0.18) + text_w + int(h * 0.05)
    image = Image.new("RGBA", (width, h), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((0, 0, h - 1, h - 1), fill=NAVY)
    arm, reach, c = h * 0.11, h * 0.27, h / 2
    draw.rounded_rectangle(
        (c - reach - arm, c - arm, c + reach + arm, c + arm), radius=arm, fill=BERRY
    )
    draw.rounded_rectangle(
        (c - arm, c - reach - arm, c + arm, c + reach + arm), radius=arm, fill=WHITE
    )
    ascent, descent = font.getmetrics()
    draw.text(
        (h + int(h * 0.18), (h - ascent - descent) / 2 + h * 0.02), name, font=font, fill=NAVY
    )
    small = image.resize((width // SCALE, HEIGHT), Image.Resampling.LANCZOS)
    small.save(target, format="PNG", optimize=True)


if __name__ == "__main__":
    main(
        Path(sys.argv[1])
        if len(sys.argv) > 1
        else Path(__file__).parent / "helseplattformen" / "logo.png"
    )
