"""Finishing LibreOffice's tagged PDF: decorative shapes become artifacts.

LibreOffice tags each shape without text as a /Figure; for the accent bars, connectors and
background fields hpdeck marks decorative (see :mod:`hpdeck.render.decorative`) it has no /Alt to
give. Such a figure is turned into an artifact, as PDF/UA asks for decoration: its structure element
is removed and its marked content on the page becomes ``/Artifact BMC``. Figures with a description
(charts, pictures, a title slide's logo) are left as they are. Done with pikepdf (qpdf), which
rewrites the file without touching anything else.
"""

from __future__ import annotations

from pathlib import Path

import pikepdf


def artifact_decorations(path: Path) -> int:
    """Turn every /Figure without /Alt in the PDF at ``path`` into an artifact; the count."""
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        root = pdf.Root.get("/StructTreeRoot")
        if root is None:
            return 0
        marked: dict[tuple[int, int], set[int]] = {}  # page object id → MCIDs to unmark
        _prune(root, marked)
        if not marked:
            return 0
        for page in pdf.pages:
            mcids = marked.get(page.obj.objgen)
            if mcids:
                _unmark(pdf, page, mcids)
                _drop_parents(root, page, mcids)
        pdf.save(path)
    return sum(len(m) for m in marked.values())


def _prune(node: pikepdf.Object, marked: dict[tuple[int, int], set[int]]) -> None:
    """Remove undescribed figures below ``node``, noting their page and marked-content ids."""
    kids = node.get("/K")
    if kids is None:
        return
    items = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
    kept = []
    for kid in items:
        if (
            isinstance(kid, pikepdf.Dictionary)
            and kid.get("/S") == "/Figure"
            and "/Alt" not in kid
            and "/Pg" in kid
        ):
            ids = kid.get("/K")
            for mcid in ids if isinstance(ids, pikepdf.Array) else [ids]:
                if isinstance(mcid, int):
                    marked.setdefault(kid.Pg.objgen, set()).add(int(mcid))
            continue
        if isinstance(kid, pikepdf.Dictionary):
            _prune(kid, marked)
        kept.append(kid)
    if len(kept) != len(items):
        node.K = pikepdf.Array(kept)


def _unmark(pdf: pikepdf.Pdf, page: pikepdf.Page, mcids: set[int]) -> None:
    """Rewrite the page's content so the figures' marked content is an artifact instead."""
    instructions: list[pikepdf.ContentStreamInstruction | pikepdf.ContentStreamInlineImage] = []
    for instruction in pikepdf.parse_content_stream(page):
        operands = instruction.operands
        if (
            str(instruction.operator) == "BDC"
            and len(operands) == 2
            and isinstance(operands[1], pikepdf.Dictionary)
            and int(operands[1].get("/MCID", -1)) in mcids
        ):
            artifact = [pikepdf.Name.Artifact]
            instructions.append(pikepdf.ContentStreamInstruction(artifact, pikepdf.Operator("BMC")))
        else:
            instructions.append(instruction)
    page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(instructions))


def _drop_parents(root: pikepdf.Object, page: pikepdf.Page, mcids: set[int]) -> None:
    """Empty the parent-tree entries of the figures, so no MCID points at a removed element."""
    key = page.obj.get("/StructParents")
    tree = root.get("/ParentTree")
    if key is None or tree is None:
        return
    nums = tree.get("/Nums")
    if nums is None:
        return
    for i in range(0, len(nums), 2):
        if int(nums[i]) == int(key):
            parents = nums[i + 1]
            for mcid in mcids:
                if mcid < len(parents):
                    parents[mcid] = None
