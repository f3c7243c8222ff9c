"""Plausible months of every size, in every shipped theme: built clean or refused at a line.

Hypothesis writes the month's status, metrics, go-live events with quotes, press clippings and
HelsaMi figure (counts 0–66, values 0–10¹⁰, names up to 60 characters, 0–30 events, 1–30
clippings) and builds the monthly deck with ``--strict``. Each example must either build with
no finding of a kind hpdeck causes itself (fit, overlap, sizes, chart labels, empty places), or
be refused with every problem located at a content line, no traceback and no deck written.

The examples are derandomized and bounded (``EXAMPLES``), so CI runs the same months each time;
every example is a whole build (charts, layout, lint), about a second each.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hpdeck.commands.cli import main

REPO = Path(__file__).resolve().parent.parent
THEMES = ("helseplattformen", "high-contrast", "corporate")
STAGES = ("in-use", "decided", "preparing", "deciding", "unscheduled")
EXAMPLES = 25
AS_OF = dt.date(2022, 12, 12)
HPDECKS_OWN = ("fit", "overlap", "off-slide", "min-size", "chart-labels", "title")
"""Finding kinds that hpdeck causes itself: what it lays out must fit without the user's help."""

PLACES = (
    "Trondheim",
    "Røros",
    "Os",
    "Holtålen",
    "Indre Fosen",
    "Ørland",
    "Åfjord",
    "Midtre Gauldal",
    "Skaun",
    "Melhus",
    "Orkland",
    "Oppdal",
    "St. Olavs hospital",
    "Steinkjer",
    "Heim",
)
LABELS = (
    "helsearbeidere i gang med systemet",
    "besøk i kommunehelsetjenesten",
    "polikliniske besøk på St. Olavs",
    "barn er født",
    "vaksiner registrert",
    "meldinger sendt mellom fastleger og sykehus",
    "resepter skrevet",
)
SAYINGS = (
    "Supert system som vi tenker kommer til å bli bra.",
    "Ansatte er positive og stolte over å være en del av dette.",
    "Vi mener dette kommer til å bidra til økt pasientsikkerhet.",
    "Det har vært krevende uker, men vi ser allerede gevinster i hverdagen.",
    "Samhandlingen med sykehuset er blitt enklere.",
    "Opplæringen ga oss en god start.",
    "Vi lærer fortsatt, og brukerstøtten svarer raskt.",
    "Pasientene merker at vi ser de samme opplysningene.",
)
OUTLETS = ("Kommunal Rapport", "NRK.no", "TV2.no", "Adresseavisen", "Fjell-Ljom", "Digi.no")


def _name(draw: st.DrawFn) -> str:
    """A go-live label: one to four places joined as people write them, at most 60 characters."""
    places = draw(st.lists(st.sampled_from(PLACES), min_size=1, max_size=4, unique=True))
    name = places[0] if len(places) == 1 else ", ".join(places[:-1]) + " og " + places[-1]
    return name[:60].rstrip(", o")


@st.composite
def months(draw: st.DrawFn) -> dict[str, Any]:
    """One month's content files (by section) and the theme to build it in."""
    used = draw(st.lists(st.sampled_from(STAGES), min_size=1, max_size=5, unique=True))
    used = [s for s in STAGES if s in used]
    cuts = sorted(draw(st.lists(st.integers(0, 66), min_size=len(used) - 1, max_size=4)))
    cuts = cuts[: len(used) - 1]
    counts = [b - a for a, b in zip([0, *cuts], [*cuts, 66], strict=True)]
    stages: list[dict[str, Any]] = [
        {"stage": s, "count": c} for s, c in zip(used, counts, strict=True)
    ]
    if stages[0]["stage"] == "in-use" and 0 < stages[0]["count"] <= 7 and draw(st.booleans()):
        stages[0]["municipalities"] = list(PLACES[: stages[0]["count"]])
    metrics = [
        {"value": draw(st.integers(0, 10**10)), "label": draw(st.sampled_from(LABELS))}
        for _ in range(draw(st.integers(1, 6)))
    ]
    days = st.dates(dt.date(2021, 1, 1), AS_OF)
    sayings = iter(draw(st.permutations([f"{a} {b}" for a in SAYINGS for b in SAYINGS if a != b])))
    events = []
    for _ in range(draw(st.integers(0, 30))):
        name = _name(draw)
        said = [next(sayings, None) for _ in range(draw(st.integers(0, 3)))]
        quotes = [{"text": s, "speaker": "Kari Nordmann", "role": "leder"} for s in said if s]
        events.append(
            {
                "date": draw(days),
                "summary": f"{name} tok i bruk Helseplattformen",
                "label": name,
                "went_live": [name],
                "quotes": quotes,
            }
        )
    press = st.tuples(st.sampled_from(OUTLETS), days)
    clippings = [
        {"outlet": outlet, "date": day}
        for outlet, day in draw(st.lists(press, min_size=1, max_size=30, unique=True))
    ]
    return {
        "theme": draw(st.sampled_from(THEMES)),
        "status": {"type": "status", "as_of": AS_OF, "total": 66, "stages": stages},
        "metrics": {"type": "metrics", "as_of": AS_OF, "metrics": metrics},
        "go-live": {"type": "go-live", "events": events} if events else None,
        "media": {"type": "media", "clippings": clippings},
        "helsami": {"type": "helsami", "as_of": AS_OF, "downloads": draw(st.integers(0, 10**10))},
    }


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample project with the corporate template, its registry without stages (the
    generated counts stand alone)."""
    root = tmp_path_factory.mktemp("sample") / "project"
    for folder in ("decks", "content", "themes"):
        shutil.copytree(REPO / folder, root / folder)
    for path in (root / "content" / "municipalities").glob("*.yaml"):
        text = path.read_text("utf-8")
        path.write_text(re.sub(r"(?m)^(stage|went_live): .*\n", "", text), "utf-8")
    template = root / "themes" / "corporate" / "template.pptx"
    script = REPO / "themes" / "make_template.py"
    subprocess.run([sys.executable, str(script), str(template)], check=True, capture_output=True)
    return root


def _write(root: Path, month: dict[str, Any]) -> None:
    folder = root / "content" / "2022-12"
    for name in ("status", "metrics", "go-live", "media", "helsami"):
        path = folder / f"{name}.yaml"
        if month[name] is None:
            path.unlink()
        else:
            path.write_text(yaml.safe_dump(month[name], allow_unicode=True), "utf-8")
    deck = root / "decks" / "monthly-briefing.yaml"
    data = yaml.safe_load(deck.read_text("utf-8"))
    data["theme"] = month["theme"]
    data["sections"] = [s for s in data["sections"] if month.get(s, True) is not None]
    deck.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")


@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(month=months())
def test_a_plausible_month_builds_clean_or_is_refused_at_a_line(
    month: dict[str, Any], sample: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    work = tmp_path_factory.mktemp("month")
    root = work / "project"
    shutil.copytree(sample, root)
    _write(root, month)
    out = work / "out"
    deck = root / "decks" / "monthly-briefing.yaml"

    result = CliRunner(env={"HPDECK_CACHE_DIR": str(sample.parent / "cache")}).invoke(
        main, ["build", str(deck), "--out", str(out), "--strict"], catch_exceptions=False
    )

    lines = [x for x in result.output.splitlines() if x.strip()]

    own = [x for x in lines if any(f"[{kind}]" in x for kind in HPDECKS_OWN)]
    assert not own, "\n".join(lines)
    if result.exit_code == 0:
        assert (out / "monthly-briefing.pptx").is_file()
    else:
        assert result.exit_code == 1, result.output
        assert not (out / "monthly-briefing.pptx").exists()
        problems = [x for x in lines if re.match(r"(content|decks)/[^:]+:\d+:", x)]
        assert problems, result.output
    shutil.rmtree(work)
