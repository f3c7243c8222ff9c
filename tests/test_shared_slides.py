"""A batch writes the slides every municipality shares once and copies them into each deck: the
decks must be byte for byte the decks built one at a time, shape by shape."""

from __future__ import annotations

from pathlib import Path

import pytest

from hpdeck.errors import ContentError
from hpdeck.pipeline.batch import build_all
from hpdeck.pipeline.build import Options, build
from hpdeck.render import own_slides, shared_slides

# Bokmål and nynorsk decks, municipalities at different stages, one with its own costs and quote.
SLUGS = ["skaun", "orkland", "volda", "midtre-gauldal", "orsta", "roros"]


def _copies(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Whether each slide the batch wrote was a copy, in order."""
    made: list[bool] = []
    original = shared_slides.copy

    def spy(*args):  # type: ignore[no-untyped-def]
        made.append(original(*args))
        return made[-1]

    monkeypatch.setattr(shared_slides, "copy", spy)
    return made


@pytest.mark.parametrize("theme", [None, "corporate"])
def test_a_batch_with_shared_slides_writes_the_decks_built_one_by_one(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, theme: str | None
) -> None:
    deck = project / "decks" / "council-meeting.yaml"
    month = project / "content" / "2022-12"
    # Warnings the shared content gives every deck: a figure still to refresh, and a headline
    # the nynorsk decks show in bokmål.
    helsami = month / "helsami.yaml"
    helsami.write_text(helsami.read_text("utf-8") + "refresh:\n  - downloads\n", "utf-8")
    vision = month / "vision.yaml"
    text = vision.read_text("utf-8")
    vision.write_text(text.replace(" nn: Éin journal – éin plattform i Midt-Noreg,", ""), "utf-8")
    assert vision.read_text("utf-8") != text
    # The deck's own title too: its file is read and validated once per language in a batch.
    definition = deck.read_text("utf-8")
    deck.write_text(
        definition.replace(" nn: Helseplattformen – orientering til kommunestyret,", "")
    )
    assert deck.read_text("utf-8") != definition
    options = Options(theme=theme)
    alone = tmp_path / "alone"
    built = {slug: build(deck, alone, Options(theme=theme, municipality=slug)) for slug in SLUGS}
    copies = _copies(monkeypatch)

    outcomes = build_all(deck, tmp_path / "batch", SLUGS, options, jobs=1)

    assert all(o.ok for o in outcomes), [o.problems for o in outcomes]
    for outcome in outcomes:
        assert outcome.path is not None
        assert outcome.path.read_bytes() == (alone / outcome.path.name).read_bytes(), outcome.slug
        # Shared content validated, planned and linted once: the same warnings for each deck.
        one = built[outcome.slug]
        assert outcome.findings == tuple(str(f.problem()) for f in one.findings), outcome.slug
        assert outcome.stale == tuple(str(p) for p in one.stale), outcome.slug
    assert all(o.stale for o in outcomes)
    assert any("fallback" in line for o in outcomes for line in o.findings)
    title = [o.slug for o in outcomes if any(f.startswith("decks/") for f in o.findings)]
    assert title == ["volda", "orsta"]  # the nynorsk decks, the first and the second
    assert sum(copies) > len(copies) / 4  # shared slides (native charts are built each time)
    assert not any(copies[: outcomes[0].slides])  # the first deck has nothing to copy yet


def test_a_single_build_copies_nothing(project: Path, tmp_path: Path) -> None:
    """Outside a batch nothing is recorded: a live preview must see a changed picture file."""
    build(project / "decks" / "monthly-briefing.yaml", tmp_path / "out")

    assert shared_slides._STORE is None


def test_a_finding_on_an_own_slide_made_from_its_form_is_reported_for_every_deck(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The map's attribution under a pale muted colour fails contrast on every municipality's
    own map slide; from the second deck of a language on, that slide is filled in from the
    form the first one wrote (hpdeck.render.own_slides), and the finding is still there."""
    folder = project / "themes" / "pale"
    folder.mkdir()
    (folder / "theme.yaml").write_text(
        "name: Pale\nextends: helseplattformen\ncolors:\n  muted: '#B8BEC6'\n", encoding="utf-8"
    )
    deck = project / "decks" / "council-meeting.yaml"
    slugs = ["skaun", "orkland", "volda", "orsta"]  # two bokmål, then two nynorsk
    alone = tmp_path / "alone"
    built = {s: build(deck, alone, Options(theme="pale", municipality=s)) for s in slugs}
    made: list[str] = []
    original = own_slides.make

    def spy(prs, layout, form, png):  # type: ignore[no-untyped-def]
        done = original(prs, layout, form, png)
        made.extend(chart.name for chart in form.charts if done)
        return done

    monkeypatch.setattr(own_slides, "make", spy)

    outcomes = build_all(deck, tmp_path / "batch", slugs, Options(theme="pale"), jobs=1)

    assert made.count("Status map") == 2  # the second deck in each language
    for outcome in outcomes:
        assert outcome.path is not None
        assert outcome.path.read_bytes() == (alone / outcome.path.name).read_bytes()
        findings = tuple(str(f.problem()) for f in built[outcome.slug].findings)
        assert outcome.findings == findings, outcome.slug
        assert any("Map attribution" in f and "[contrast]" in f for f in findings), outcome.slug


def test_a_finding_on_a_municipalitys_own_slide_is_reported_for_every_deck(
    project: Path, tmp_path: Path
) -> None:
    """What is remembered across a batch's decks (fitted text, planned sections, linted
    bodies) must never hide a finding: each bokmål municipality whose contact's role is
    written in nynorsk hears about it at its own file's line, the first deck and the later
    ones alike, in this process and in the workers."""
    folder = project / "content" / "municipalities"
    slugs = ["skaun", "orkland", "trondheim", "roros"]
    for slug in slugs:
        path = folder / f"{slug}.yaml"
        text = path.read_text("utf-8").replace("language: nn\n", "language: nb\n")
        path.write_text(text + "contact:\n  name: Kari Nordmann\n  role: Einingsleiar\n", "utf-8")
    deck = project / "decks" / "council-meeting.yaml"
    alone = {
        slug: build(deck, tmp_path / "alone", Options(municipality=slug)).findings for slug in slugs
    }

    for jobs in (1, 2):
        outcomes = build_all(deck, tmp_path / f"jobs{jobs}", slugs, Options(), jobs=jobs)

        assert all(o.ok for o in outcomes), [o.problems for o in outcomes]
        for outcome in outcomes:
            role = [line for line in outcome.findings if "'Einingsleiar'" in line]
            # on the title slide (under the name) and on the contact slide
            assert len(role) == 2, (jobs, outcome.slug, outcome.findings)
            assert all(
                line.startswith(f"content/municipalities/{outcome.slug}.yaml:") for line in role
            ), role
            assert outcome.findings == tuple(str(f.problem()) for f in alone[outcome.slug])


def test_a_mistake_in_a_shared_file_fails_every_deck_of_a_batch(
    project: Path, tmp_path: Path
) -> None:
    """A section file's own problems are found once per batch and said for each deck."""
    vision = project / "content" / "2022-12" / "vision.yaml"
    text = vision.read_text("utf-8")
    vision.write_text(text.replace("nb: Et stort samhandlingsprosjekt", "nb: ' '"), "utf-8")
    deck = project / "decks" / "council-meeting.yaml"
    with pytest.raises(ContentError) as alone:
        build(deck, tmp_path / "alone", Options(municipality="skaun"))

    outcomes = build_all(deck, tmp_path / "batch", SLUGS[:4], Options(), jobs=1)

    assert not any(o.ok for o in outcomes)
    said = tuple(str(p) for p in alone.value.problems)
    blank = "content/2022-12/vision.yaml:5:10: points[0].nb: this text is empty"
    assert len(said) == 1 and said[0].startswith(blank), said
    assert [o.problems for o in outcomes] == [said] * 4


def test_own_slides_filled_in_with_words_xml_must_escape_are_the_decks_built_alone(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Words put in a kept form's place: ampersands, angle brackets, quotes and apostrophes in
    names and roles (texts and the origins beside them), for decks after the first."""
    folder = project / "content" / "municipalities"
    slugs = ["skaun", "orkland", "melhus", "malvik"]
    people = ['Kari "K" Nordmann & co', "Ola <O'Hara> Nordmann", "Per & Pål", "Åse Ås"]
    for slug, person in zip(slugs, people, strict=True):
        path = folder / f"{slug}.yaml"
        text = path.read_text("utf-8")
        contact = f"contact:\n  name: '{person.replace(chr(39), chr(39) * 2)}'\n  role: Leder\n"
        path.write_text(text + contact, "utf-8")
    deck = project / "decks" / "council-meeting.yaml"
    alone = tmp_path / "alone"
    for slug in slugs:
        build(deck, alone, Options(municipality=slug))
    made: list[str] = []
    original = own_slides.make

    def spy(prs, layout, form, png):  # type: ignore[no-untyped-def]
        done = original(prs, layout, form, png)
        if done:
            made.extend(word for word in form.words if word in people)
        return done

    monkeypatch.setattr(own_slides, "make", spy)

    outcomes = build_all(deck, tmp_path / "batch", slugs, Options(), jobs=1)

    assert all(o.ok for o in outcomes), [o.problems for o in outcomes]
    assert set(made) >= set(people[1:])  # the later decks' contact slides were filled in
    for outcome in outcomes:
        assert outcome.path is not None
        assert outcome.path.read_bytes() == (alone / outcome.path.name).read_bytes(), outcome.slug
