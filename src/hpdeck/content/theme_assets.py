"""A theme's files other than theme.yaml, checked like content: the chart style and the logo.

Themes travel by e-mail between the programme and the municipalities, so a style file may name
any matplotlib setting: ``text.usetex`` runs LaTeX, ``animation.ffmpeg_path`` names a program,
``savefig.dpi`` can ask for gigapixel pictures. Only the settings that change a chart's look
are allowed; hpdeck sets sizes, resolution and output itself.
"""

from __future__ import annotations

import difflib
from pathlib import Path

from hpdeck.content.reading import read_project_file
from hpdeck.errors import ContentError, Problem

STYLE_MAX_BYTES = 64 * 1024
ALLOWED = (
    "axes.",
    "boxplot.",
    "date.",
    "errorbar.",
    "font.",
    "grid.",
    "hatch.",
    "hist.",
    "legend.",
    "lines.",
    "markers.",
    "mathtext.fontset",
    "mathtext.default",
    "patch.",
    "scatter.",
    "xaxis.",
    "yaxis.",
    "xtick.",
    "ytick.",
    "text.color",
    "text.antialiased",
    "text.hinting",
)
"""Setting prefixes a theme's charts.mplstyle may use: colours, lines, fonts, ticks, grids."""
_WHY_NOT = {
    "text.usetex": "it runs LaTeX, which council PCs do not have; hpdeck draws text in "
    "the theme's fonts",
    "figure.": "hpdeck sizes every chart to its place on the slide",
    "savefig.": "hpdeck chooses the resolution and format of every chart",
    "backend": "hpdeck chooses how charts are drawn",
    "animation.": "it names programs to run",
}


def check_style(path: Path, root: Path, display: str) -> str:
    """The text of a theme's charts.mplstyle, refused (by line) unless every setting is allowed."""
    raw = read_project_file(
        path,
        root,
        display=display,
        limit=STYLE_MAX_BYTES,
        too_large=f"style file is larger than {STYLE_MAX_BYTES // 1024} "
        "KiB; a chart style is a few lines",
    )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise ContentError.single(
            display, "file is not valid UTF-8; save it as UTF-8", line=line
        ) from None
    problems = [
        problem
        for number, line in enumerate(text.splitlines(), start=1)
        if (problem := _line_problem(line, number, display))
    ]
    if problems:
        raise ContentError(problems)
    return text


def settings(text: str) -> list[tuple[int, str, str]]:
    """(line number, key, value) of each setting in a checked style file."""
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.split("#", 1)[0].strip()
        if stripped:
            key, _, value = stripped.partition(":")
            found.append((number, key.strip(), value.strip()))
    return found


def _line_problem(line: str, number: int, display: str) -> Problem | None:
    stripped = line.split("#", 1)[0].strip()
    if not stripped:
        return None
    key, colon, _ = stripped.partition(":")
    key = key.strip()
    if not colon or not key:
        return Problem(display, number, 1, "", "expected a setting like 'axes.grid: False'")
    if key.startswith(ALLOWED):
        return None
    reason = next((why for prefix, why in _WHY_NOT.items() if key.startswith(prefix)), None)
    if reason:
        return Problem(
            display, number, 1, key, f"not allowed in a theme: {reason}; remove this line"
        )
    close = difflib.get_close_matches(key, [p.rstrip(".") for p in ALLOWED], n=1)
    hint = f"did you mean {close[0]!r}? " if close else ""
    return Problem(
        display,
        number,
        1,
        key,
        f"not a chart setting a theme may change; {hint}"
        f"allowed are settings starting with {', '.join(ALLOWED[:8])}, …",
    )


def check_values(text: str, display: str) -> None:
    """Refuse values matplotlib cannot use, at their line; called where matplotlib is loaded."""
    from matplotlib import rcsetup

    problems = []
    for number, key, value in settings(text):
        validator = rcsetup._validators.get(key)  # type: ignore[attr-defined]  # private, stable since 3.x
        if validator is None:
            problems.append(
                Problem(
                    display, number, 1, key, "matplotlib has no such setting; check the spelling"
                )
            )
            continue
        try:
            validator(value.strip("'\""))
        except (ValueError, TypeError, RuntimeError) as exc:
            shown = value if len(value) <= 40 else value[:37] + "..."
            problems.append(Problem(display, number, 1, key, f"{exc}; got {shown!r}"))
    if problems:
        raise ContentError(problems)
