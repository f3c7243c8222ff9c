"""The status section's map slide: where each municipality of the region stands in the rollout.

Each municipality the registry holds is filled with its stage's colour; one without a known stage
gets a neutral tint that the legend counts. Stages come from the municipality files, else from the
stage lists of the status section. A council deck outlines and names its own municipality.
"""

from __future__ import annotations

from collections import Counter

from hpdeck.content.loader import Origin
from hpdeck.content.municipality import Local, Municipality
from hpdeck.content.provenance import origin
from hpdeck.content.region import map_stages, norwegian_order
from hpdeck.content.region_map import numbers
from hpdeck.content.rollout import STAGES, StageKey
from hpdeck.content.theme import Theme
from hpdeck.plan import layout
from hpdeck.plan.charts import ChartSpec, Series
from hpdeck.plan.colour import neutral
from hpdeck.plan.model import Box, Chart, Shape, Slide, Text, para
from hpdeck.sections.base import Context
from hpdeck.sections.status_model import Status, stage_label

LABEL_OWN, LABEL_OUTSIDE, LABEL_IN_USE = 3, 2, 1
"""Label priorities: the own municipality, those outside the main counties, those in use."""


OFF_MAP_NAMES = 30
"""Characters of names a legend row says before it says how many instead: two lines at the
legend's size, with the words after them."""


def slides(section: Status, ctx: Context) -> list[Slide]:
    """The map slide, when the registry holds municipalities the map can draw; else none."""
    region = ctx.region
    # Only a registry of the whole region makes a true map: a few files (a new project, a
    # sample) would leave the rest of the region blank as if it had no stage.
    if region is None or not section.map or len(region.members) != section.total:
        return []
    drawable = numbers()
    members = [m for m in region.members if m.municipality.number in drawable]
    if not members:
        return []
    fmt, theme = ctx.fmt, ctx.theme
    colors = theme.colors
    stage_of = map_stages(region, [(s.stage, s.municipalities) for s in section.stages])
    unknown = neutral(colors.background, colors.line)
    counties = Counter(m.municipality.county for m in members)
    main = {county for county, _ in counties.most_common(2)}
    own = next((m for m in members if m.slug == region.own), None)

    def priority(member) -> int:  # type: ignore[no-untyped-def]
        if member is own:
            return LABEL_OWN
        if member.municipality.county not in main:
            return LABEL_OUTSIDE
        return LABEL_IN_USE if stage_of[member.slug] == "in-use" else 0

    members.sort(key=lambda m: m.municipality.number or "")
    fills = tuple(
        colors.stages[STAGES.index(stage_of[m.slug])] if stage_of[m.slug] else unknown
        for m in members
    )
    ranks = tuple(priority(m) for m in members)
    names = tuple(
        m.municipality.label if rank else "" for m, rank in zip(members, ranks, strict=True)
    )
    groups = [
        (stage, [m.municipality.label for m in members if stage_of[m.slug] == stage])
        for stage in STAGES
    ]
    groups = [(stage, group) for stage, group in groups if group]
    nameless = [m.municipality.label for m in members if not stage_of[m.slug]]
    stage_by_key = {s.stage: s for s in section.stages}
    places = _Places(section, members, stage_of)
    counted = _counted(section, groups)

    def per_stage(word) -> list[str]:  # type: ignore[no-untyped-def]
        """'<stage> (<count>): <names>.' per stage, then the municipalities without one; a
        stage with fewer on the map than the status section counts says both numbers."""
        lines = [
            fmt.t(
                "map.alt_part_of" if stage in counted else "map.alt_part",
                stage=word(stage, counted.get(stage, len(group))),
                count=len(group),
                total=fmt.number(counted.get(stage, len(group))),
                names=fmt.join(norwegian_order(group)),
            )
            for stage, group in groups
        ]
        if nameless:
            lines.append(
                fmt.t(
                    "map.alt_part",
                    stage=fmt.t("map.unknown_stage"),
                    count=len(nameless),
                    names=fmt.join(norwegian_order(nameless)),
                )
            )
        return lines

    parts = per_stage(lambda stage, _: fmt.t(f"stage_short.{stage}"))
    alt = fmt.t("map.alt", total=fmt.number(len(members)), parts=" ".join(parts))
    off = [m for m in region.members if m.municipality.number not in drawable]
    unplaced = [m.municipality.label for m in off]
    if unplaced:
        alt += " " + fmt.t("map.off_map", names=fmt.join(norwegian_order(unplaced)))
    if own:
        alt += " " + fmt.t("map.own_alt", municipality=own.municipality.label)
    spec = ChartSpec(
        kind="map",
        categories=tuple(m.municipality.number or "" for m in members),
        series=(Series("labels", tuple(float(r) for r in ranks), names),),
        colors=fills,
        alt_text=alt,
        highlight=tuple(i for i, m in enumerate(members) if m is own),
    )
    map_box, side = layout.BODY.split_left(0.6, layout.GAP)
    stages = origin(section, "stages")  # the stage lists the map colours by
    blocks: list = [Chart(map_box, spec, name="Status map", style="image", source=stages)]
    rows: list[tuple[str | None, str, Origin | None]] = []
    named = _label_origin(own.municipality) if own else None  # the line its name is on
    if own:
        rows.append((None, fmt.t("map.own_legend", municipality=own.municipality.label), named))
    rows.extend(
        (
            colors.stages[STAGES.index(stage)],
            fmt.t(
                "map.legend_of",
                count=len(group),
                shown=fmt.number(len(group)),
                total=fmt.number(counted[stage]),
                stage=fmt.t(f"stage_short.{stage}"),
            )
            if stage in counted
            else f"{fmt.number(len(group))}  {fmt.t(f'stage_short.{stage}')}",
            places.stage(stage, len(group)),
        )
        for stage, group in groups
    )
    if nameless:
        rows.append((unknown, fmt.t("map.unknown", count=len(nameless)), places.nameless()))
    off_map = norwegian_order(unplaced)
    if off_map:  # counted on every other slide, so said here too: an empty swatch
        listed = fmt.join(off_map)  # by name while that fits a legend row (the notes say all)
        said = (
            fmt.t("map.off_legend", names=listed)
            if len(listed) <= OFF_MAP_NAMES
            else fmt.t("map.off_legend_count", count=len(off_map))
        )
        rows.append((colors.background, said, _off_map_place(off)))
    blocks.extend(_legend(side, rows, ctx))
    title = section.map_title if section.map_title else fmt.t("map.title")
    if own and not section.map_title:
        named_title = fmt.t(
            "map.municipality_title",
            municipality=own.municipality.label,
            total=fmt.number(len(region.members)),
        )
        # hpdeck's own words round the name: a name too long for them leaves the plain title
        # (the legend names the municipality), not an error for the author to cut
        if layout.title("content", named_title, theme).overflow <= 0.005:
            title = named_title
    talk = per_stage(
        lambda stage, count: (
            stage_label(stage_by_key[stage], ctx, count)
            if stage in stage_by_key
            else fmt.t(f"stage_short.{stage}")
        )
    )
    notes = [fmt.t("map.notes", parts=" ".join(talk))]
    if off_map:
        notes.append(fmt.t("map.off_map", names=fmt.join(off_map)))
    notes.append(fmt.t("map.attribution_notes"))
    return [
        Slide(
            "content",
            title,
            tuple(blocks),
            notes="\n\n".join(notes),
            footer=ctx.footer_for(section, section.as_of),
            source=origin(section, "map_title") if section.map_title else named,
        )
    ]


def _counted(section: Status, groups: list[tuple[StageKey, list[str]]]) -> dict[StageKey, int]:
    """The stages the status section counts more municipalities at than the map can colour so
    (their files do not say their stage yet), with the section's count: the legend and the
    notes say '1 of 26', never a '1' beside the chart's '26'."""
    counts = {s.stage: s.count for s in section.stages}
    return {
        stage: counts[stage]
        for stage, group in groups
        if stage in counts and counts[stage] > len(group)
    }


def _legend(box: Box, rows: list[tuple[str | None, str, Origin | None]], ctx: Context) -> list:
    """A swatch and its words per row, top down, each row's words with the place its fact was
    written; the attribution at the foot of the column. The own municipality's row has no fill:
    an outline, as on the map."""
    theme = ctx.theme
    colors = theme.colors
    caption = layout.text(
        Box(box.left, box.bottom - 0.45, box.width, 0.45),
        [para(ctx.fmt.t("map.attribution"))],
        theme,
        size=theme.sizes.caption,
        min_size=theme.sizes.caption,
        color=colors.muted,
        anchor="bottom",
        name="Map attribution",
    )
    units, row_height = _row_units(rows, box.width, box.height - 0.6, theme)
    swatch = _swatch(row_height)
    # The counts' rows in one size, the smallest one of them needs: side by side, a row
    # shrunk alone would look less important.
    counts = [
        _row_text(Box(0, 0, box.width - swatch - 0.2, unit * row_height), words, False, theme)
        for (fill, words, _), unit in zip(rows, units, strict=True)
        if fill is not None
    ]
    size = min((text.size for text in counts), default=None)
    blocks: list = []
    top = box.top
    for (fill, words, source), unit in zip(rows, units, strict=True):
        height = unit * row_height
        mark = Box(box.left, top + (height - swatch) / 2, swatch, swatch)
        if fill is None:  # the own municipality: an outline, as on the map
            blocks.append(
                Shape(mark, "rect", None, line=colors.accent, line_width=3.5, name="Legend own")
            )
        else:
            blocks.append(
                Shape(mark, "rect", fill, line=colors.line, line_width=0.75, name="Legend swatch")
            )
        text_box = Box(box.left + swatch + 0.2, top, box.width - swatch - 0.2, height)
        own = fill is None
        blocks.append(_row_text(text_box, words, own, theme, source, None if own else size))
        top += height
    return [*blocks, caption]


def _row_text(
    box: Box,
    words: str,
    own: bool,
    theme: Theme,
    source: Origin | None = None,
    size: float | None = None,
) -> Text:
    """A legend row's words (at ``size`` or less, if given); the own municipality's row in
    bold, and, should its name not fit even on the most rows it may take, refused with advice
    to shorten the name."""
    return layout.text(
        box,
        [para(words, bold=own)],
        theme,
        size=size,
        anchor="middle",
        name="Legend",
        source=source,
        advice="fit.shorten_name" if own else None,
    )


MOST_ROWS = 3
"""Rows of the legend's height one legend row may take: a long own name (from a file, hpdeck's
to fit, not the author's to cut) or a stage's counts at a size readable from the back."""


def _swatch(row_height: float) -> float:
    """The side of a legend row's swatch."""
    return min(0.4, row_height * 0.7)


def _row_units(
    rows: list[tuple[str | None, str, Origin | None]], width: float, room: float, theme: Theme
) -> tuple[list[int], float]:
    """How many rows of the legend's height each legend row takes, and that height: one each,
    else as many as a row's words need at the legend's smallest size, up to ``MOST_ROWS``. A
    row given more makes every row lower, so each is measured again at the height it will have
    until none needs more (each row only grows, so this ends)."""
    units = [1] * len(rows)
    while True:
        row_height = min(0.75, room / max(sum(units), 1))
        text_width = width - _swatch(row_height) - 0.2
        needed = [
            next(
                (
                    n
                    for n in range(unit, MOST_ROWS + 1)
                    if _row_text(
                        Box(0, 0, text_width, n * row_height), words, fill is None, theme
                    ).overflow
                    <= 0.005
                ),
                MOST_ROWS,
            )
            for (fill, words, _), unit in zip(rows, units, strict=True)
        ]
        if needed == units:
            return units, row_height
        units = needed


class _Places:
    """Where the fact of each legend row was written, so a finding on the row names the file
    and line to look at rather than the status section's first line.

    A stage's count points at the status file's ``count`` for that stage when the row shows
    that number; else (the registry knows fewer municipalities at the stage than the file
    counts, or the stages were derived from the registry) at the first municipality of the
    row that has a stage in its own file, in the order the notes name them (else at the stage
    lists, which named them all). The row of municipalities without a stage points at the
    first of them, whose file lacks one.
    """

    def __init__(
        self, section: Status, members: list[Local], stage_of: dict[str, StageKey | None]
    ) -> None:
        self.section, self.stage_of = section, stage_of
        self.members = _in_norwegian_order(members)
        # what hpdeck derived from the registry (status_region.from_region) stands on the
        # type line: a count there was not written by anyone
        self.derived_at = origin(section, "type")

    def stage(self, stage: StageKey, shown: int) -> Origin | None:
        for index, entry in enumerate(self.section.stages):
            if entry.stage == stage and entry.count == shown:
                counted = origin(self.section, "stages", index, "count")
                if counted != self.derived_at:
                    return counted
        own_files = (m.municipality for m in self.members if self.stage_of[m.slug] == stage)
        first = next((m for m in own_files if m.stage), None)
        return origin(first, "stage") if first else origin(self.section, "stages")

    def nameless(self) -> Origin | None:
        first = next(m for m in self.members if not self.stage_of[m.slug])
        return origin(first.municipality, "name")


def _in_norwegian_order(members: list[Local]) -> list[Local]:
    """``members`` in the order the alt text and notes name them."""
    by_label: dict[str, list[Local]] = {}
    for member in members:
        by_label.setdefault(member.municipality.label, []).append(member)
    return [
        by_label[label].pop(0) for label in norwegian_order([m.municipality.label for m in members])
    ]


def _label_origin(municipality: Municipality) -> Origin | None:
    """The line of the name the map and its title show: the short name when one is given."""
    shown = origin(municipality, "short_name") if municipality.short_name else None
    return shown or origin(municipality, "name")


def _off_map_place(unplaced: list[Local]) -> Origin | None:
    """Where the first municipality the map cannot draw was given its number (or, without
    one, its name): the fact that keeps it off the map."""
    m = _in_norwegian_order(unplaced)[0].municipality
    return origin(m, "number") or origin(m, "name")
