"""A kept form's words are put into its XML's bytes; those must be the bytes lxml writes for
the XML with the words put into its elements (what a slide written from its plan holds)."""

from __future__ import annotations

from pptx.opc.oxml import serialize_part_xml
from pptx.oxml import parse_xml

from hpdeck.render import own_slides
from hpdeck.render.own_slides import _CLOSE, _OPEN, Form

# In texts (a run's, the notes'), then in attributes (an origin, an alt text): each word
# stands in one kind of place, as in a form.
WORDS = ['Kari "K" & <Co>', "Ola's\tline\nnext\rend", "_x0007_", ""]
WORDS += ['Kari "K" & <Co>', "Ola's\tline\nnext\rend", "Åfjord – «sitat» æøå", ""]
FORM = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<p:sld xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main">'
    '<p:cNvPr id="2" name="Text" descr="{5} / {6}"/><a:t>{0}</a:t><a:t>{2}{3}</a:t>'
    '<a:t>{1}</a:t><p:x source="{4}" min="{7}"/></p:sld>'
)


def _marked() -> bytes:
    marks = [f"{_OPEN}{i}{_CLOSE}" for i in range(len(WORDS))]
    return FORM.format(*marks).encode()


def test_words_put_into_the_bytes_are_the_words_put_into_the_elements() -> None:
    in_text = [True] * 4 + [False] * 4
    form = Form(key=(), page=None, words=WORDS, charts=[], in_text=in_text)  # type: ignore[arg-type]
    marked = serialize_part_xml(parse_xml(_marked()))  # kept as the writer serialised it
    element = parse_xml(marked)
    own_slides._fill(element, WORDS)

    filled = own_slides._fill_bytes(marked, form.escaped())

    assert filled == serialize_part_xml(element)
    assert parse_xml(filled).xpath("//@descr")[0] == f"{WORDS[5]} / {WORDS[6]}"
