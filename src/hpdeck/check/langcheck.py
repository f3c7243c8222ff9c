"""Which written form a text is in: words that only bokmål, only nynorsk, or only Norwegian use.

The linter asks one question of every text in a deck: does it contain words of another form than
the language it is tagged with? Bokmål and nynorsk share most words, so the check looks only at
forms that tell them apart: function words (ikke/ikkje, hva/kva, fra/frå, flere/fleire, noen/nokon,
jeg/eg), endings (-lig/-leg, -het/-heit, -ene/-ane in definite plurals, -er/-ar in indefinite
plurals of nouns the region writes about), and a short list of frequent content words whose forms
differ (innbygger/innbyggjar, løsning/løysing, tjeneste/teneste), and the ends of role compounds
(prosjektleder/prosjektleiar). A text in English is Norwegian when it has Norwegian function
words, lowercase words spelt with æ, ø or å (capitalised ones are taken as names: Røros,
Åfjord), words of roles and titles English does not write, in any case (Kostnader, kontaktperson,
the ends of prosjektleiar, kommunalsjef, overlege), or an ending of either form no English word
has but a listed few (-het, -lig, -leg: prophet, oblige, college are English). Quoted words
(«…») are someone's own and are not checked, nor are addresses and file names.

No well-kept library tells bokmål from nynorsk reliably on slide-length text (general language
identifiers confuse both with Danish), so this is a word list; its tests hold real sentences of
each form, and its false-positive rate on the sample content is measured in the tests.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection, Iterator, Set
from dataclasses import dataclass
from typing import Any

from hpdeck.plan.conventions import HP_NS
from hpdeck.plan.i18n import Language

_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*", re.UNICODE)
_QUOTED = re.compile(r"«[^»]*»|“[^”]*”|\"[^\"]*\"")
_ADDRESS = re.compile(
    r"\S+@\S+|\S*(?:https?://|www\.)\S*|\b[\w.-]+\.(?:no|com|org|net)\b"
    r"|[\w./-]+\.(?:xlsx|yaml|pptx|pdf)\b"  # a file's name is not a word: content/kommuner.xlsx
)


def _split(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _pairs(text: str) -> dict[str, str]:
    """'ikke=ikkje hva=kva …' as a mapping from each word to its form in the other standard."""
    return dict(pair.split("=") for pair in text.split())


BOKMAL_ONLY = _pairs("""
    ikke=ikkje hva=kva fra=frå flere=fleire noen=nokon noe=noko hvor=kvar hvordan=korleis
    hvem=kven hvorfor=kvifor hver=kvar hvert=kvart jeg=eg mye=mykje bare=berre være=vere
    vært=vore kommer=kjem selv=sjølv sammen=saman siden=sidan uten=utan gjøre=gjere gjør=gjer
    disse=desse deres=deira hennes=hennar dere=de ble=vart ennå=enno tatt=teke gikk=gjekk
    sier=seier vet=veit også=òg innbygger=innbyggjar innbyggere=innbyggjarar
    innbyggerne=innbyggjarane innbyggerportalen=innbyggjarportalen løsning=løysing
    løsningen=løysinga løsninger=løysingar løsningens=løysinga tjeneste=teneste
    tjenesten=tenesta spesialisthelsetjenesten=spesialisthelsetenesta
    primærhelsetjenesten=primærhelsetenesta helsetjenesten=helsetenesta
    kommunehelsetjenesten=kommunehelsetenesta hjemmetjeneste=heimeteneste hjem=heim
    ønskede=ønskte uønskede=uønskte forbedringer=forbetringar fornøyde=nøgde
    spørreundersøkelse=spørjeundersøking undersøkelse=undersøking innspill=innspel
    beslutning=avgjerd beslutninger=avgjerder trenger=treng bruker=brukar brukere=brukarar
    leder=leiar ledere=leiarar lederen=leiaren fødte=fødde født=fødd
    helsearbeidere=helsearbeidarar kommunene=kommunane journalene=journalane
    gevinstene=gevinstane systemene=systema sykehus=sjukehus sykehjem=sjukeheim
    hendelser=hendingar tas=takast etterspørre=etterspørje daglig=dagleg mulig=mogleg dem=dei
    kommuner=kommunar vaksiner=vaksinar aktører=aktørar bedre=betre vedlikehold=vedlikehald
    én=éin ett=eitt sted=stad tjeneste=teneste tjenesten=tenesta tjenester=tenester
    usikkerhet=uvisse innføringen=innføringa rådgiver=rådgjevar rådgiveren=rådgjevaren
    rådgivere=rådgjevarar
""")
"""Words only bokmål writes, each with its nynorsk form for the message."""

NYNORSK_ONLY = _pairs("""
    ikkje=ikke kva=hva frå=fra fleire=flere nokon=noen noko=noe kvar=hver korleis=hvordan
    kven=hvem kvifor=hvorfor eg=jeg mykje=mye berre=bare vere=være vore=vært kjem=kommer
    sjølv=selv saman=sammen sidan=siden utan=uten gjere=gjøre gjer=gjør desse=disse
    deira=deres hennar=hennes dei=de vart=ble enno=ennå teke=tatt tekne=tatt gjekk=gikk
    seier=sier veit=vet òg=også ein=en eit=et innbyggjar=innbygger innbyggjarar=innbyggere
    innbyggjarane=innbyggerne løysing=løsning løysinga=løsningen løysingar=løsninger
    teneste=tjeneste tenesta=tjenesten tilsette=ansatte heim=hjem sjukehus=sykehus
    sjukeheim=sykehjem avgjerd=beslutning avgjerder=beslutninger hendingar=hendelser
    brukar=bruker brukarar=brukere leiar=leder leiarar=ledere treng=trenger tenkjer=tenker
    fødd=født fødde=født kommunar=kommuner kommunane=kommunene byrja=begynt førre=forrige
    mogleg=mulig dagleg=daglig tal=tall talet=tallet då=da nokre=noen vorte=blitt
    einig=enig berekna=beregnet betre=bedre aktørar=aktører vedlikehald=vedlikehold
    éin=én eitt=ett vaksinar=vaksiner tenester=tjenester noreg=norge rådgjevar=rådgiver
    rådgjevaren=rådgiveren rådgjevarar=rådgivere
""")
"""Words only nynorsk writes, each with its bokmål form for the message."""

NORWEGIAN = _split(
    """
    og ikke ikkje på er har med som det av til fra frå å blir vil skal kan ble vart være vere
    eller også òg etter ved mellom hva kva hvor kvar sidan siden flere fleire kommuner kommunar
    kommunene kommunane innbyggere innbyggjarar helsearbeidere helsearbeidarar besøk barn født
    fødd vaksiner registrert planlegger planlegg beslutning avgjerd tatt teke bruk om i en ein
    et eit ei den de dei vi seg sin sitt sine hos kroner mill mrd per totalt alle nesten stort
    største legevakt helsestasjon fastlege fastlegen fastleger fastlegar fastpris trenger treng
    ny nye én éin ett eitt
"""
)
"""Norwegian words no English sentence uses (short ones are matched only in lower case)."""

_WEAK_IN_ENGLISH = _split("i en den de per om sin alle mill et ei barn vi kan er har bruk ved")
"""Of those, words English also writes (I, den, per, om…): they count only beside another."""

NORWEGIAN_TERMS = _split(
    """
    prosjekt prosjektet prosjekter prosjekta kontaktperson kontaktpersonen konsulent koordinator
    avdeling avdelingen avdelinga enhet enheten eining eininga virksomhet virksomheten verksemd
    verksemda omsorg kommunestyre kommunestyret kommunestyrer formannskap formannskapet
    orientering oppstart kostnader kostnadar gevinster gevinstar tidslinje erfaringer erfaringar
    takk neste videre vidare arbeid steg sitat sitater ansatt tilsett kontakt oss lege legen
    januar februar juni juli oktober desember mandag tirsdag onsdag torsdag fredag tysdag laurdag
    sundag uke veke seksjon seksjonen sektor sektoren pleie sjef leiarar ledere spørsmål økonomi
    fremdrift framdrift oppsummering bakgrunn innføring innføringa innføringen opplæring
    opplæringa opplæringen hovedpunkter hovudpunkt nøkkeltall nøkkeltal måned månad måneder
    månader risiko tiltak vedtak vedtaket innhold innhald oversikt oversyn gevinstrealisering
    rådgiver rådgjevar
"""
)
"""Words of roles, titles and short texts that English does not write (checked in an English
text whatever their case: a title starts with a capital, and a capitalised word with æ, ø or å
is otherwise taken for a name)."""

NORWEGIAN_TAILS = _split(
    """
    leder ledere lederen leiar leiarar leiaren sjef sjefen sjefar sjefer pleier pleiere pleiar
    pleiarar lege legen kontor kontoret prosjekt prosjektet konsulent koordinator behandler
    handsamar medarbeider medarbeidar arbeider arbeidar ansvarlig kontakt avdeling omsorg sektor
    sektoren direktør direktøren rådgiver rådgjevar gruppe gruppa gruppen område området
    informasjon
"""
)
"""Ends of Norwegian compounds no English word ends in (prosjektleiar, kommunalsjef, overlege),
however short; the exceptions are English words that do."""
_ENGLISH_TAIL_WORDS = _split("college privilege sacrilege allege")

_ENGLISH_ENDINGS: tuple[tuple[re.Pattern[str], Set[str]], ...] = (
    (re.compile(r"\w{2,}lig(?:e|t|ere|st)?$"), _split("oblige disoblige")),
    (
        re.compile(r"\w{3,}het(?:en|er|ene)?$"),
        _split("""
        prophet epithet hatchet ratchet crotchet crochet ricochet sachet cachet rochet"""),
    ),
    (re.compile(r"\w{3,}heit(?:a|en|er|ar)?$"), _split("fahrenheit")),
    (
        re.compile(r"\w{3,}leg(?:e|t)?$"),
        _split("college privilege sacrilege bootleg blackleg foreleg dogleg underprivilege"),
    ),
    (re.compile(r"\w{3,}(?:arane|ingane|jarar|jarane)$"), set()),
)
"""The endings of either form that no English word has but the listed ones (sikkerhet,
ansvarlig, dagleg); the nynorsk -ane and bokmål -ene alone are left out: English has many."""

# Endings that tell the forms apart, each with the words that end so in both forms.
_NYNORSK_ENDINGS: tuple[tuple[re.Pattern[str], Set[str]], ...] = (
    (
        re.compile(r"\w{3,}(?:ane|arane|ingane)$"),
        _split("""
        metane butane profane propane arkane orkane humane urbane mondane spontane momentane
        simultane kutane inhumane germane"""),
    ),
    (re.compile(r"\w{3,}leg(?:e|t)?$"), {"kollega", "bleg"}),
    (re.compile(r"\w{3,}heit(?:a|en|er|ar)?$"), set()),
    (re.compile(r"\w{2,}jar(?:ar|ane|en)?$"), set()),
)
_BOKMAL_ENDINGS: tuple[tuple[re.Pattern[str], Set[str]], ...] = (
    (re.compile(r"\w{2,}lig(?:e|t|ere|st)?$"), set()),
    (re.compile(r"\w{3,}het(?:en|er|ene)?$"), set()),
    (
        re.compile(r"\w{3,}erne$"),
        _split("""
        moderne interne eksterne fjerne stjerne hjerne gjerne kjerne konserne taverne lanterne
        cisterne kaserne postmoderne"""),
    ),
)


@dataclass(frozen=True)
class Mismatch:
    """Words of another written form than the text is tagged with."""

    found: str  # "nb", "nn" or "no" (Norwegian of either form)
    words: tuple[str, ...]


def _words(text: str) -> list[str]:
    # Each pattern only where a mark it needs is in the text: most texts have neither, and
    # the address pattern tries every position.
    if any(mark in text for mark in _QUOTE_MARKS):
        text = _QUOTED.sub(" ", text)
    if any(mark in text for mark in _ADDRESS_MARKS):
        text = _ADDRESS.sub(" ", text)
    return _WORD.findall(text)


_QUOTE_MARKS = ("«", "“", '"')
_ADDRESS_MARKS = (
    "@",
    "://",
    "www.",
    ".no",
    ".com",
    ".org",
    ".net",
    ".xlsx",
    ".yaml",
    ".pptx",
    ".pdf",
)


def _in(lower: str, only: Collection[str]) -> bool:
    """The word, or the last part of a compound (helsetjenesten, opsjonskommunene), is listed."""
    return lower in only or any(
        lower.endswith(word)
        for word in only
        if len(word) >= _COMPOUND_TAIL and len(lower) > len(word)
    )


_COMPOUND_TAIL = 6  # shorter listed words are too often the end of an unrelated word


PLACE_NAMES = frozenset({"heim"})
"""Municipalities named like a listed word (Heim in Trøndelag): capitalised, they are names."""


ROLE_TAILS = {
    "nb": _split("leder ledere lederen lederne sykepleier sykepleiere saksbehandler"),
    "nn": _split("leiar leiarar leiaren leiarane sjukepleiar sjukepleiarar sakshandsamar"),
}
"""Ends of role compounds of one form only, shorter than other listed compounds' ends
(prosjektleder / prosjektleiar): no word of the other form ends so."""


def _marks(word: str, only: dict[str, str], endings: tuple, tails: Set[str] = frozenset()) -> bool:
    lower = word.lower()
    if word[:1].isupper() and lower in PLACE_NAMES:
        return False
    if _in(lower, only) or any(lower.endswith(tail) for tail in tails):
        return True
    if word[:1].isupper() and not word.isupper():
        return False  # names (Innbyggjarportalen is still found by its lower-case forms)
    return any(
        pattern.fullmatch(lower) and lower not in exceptions for pattern, exceptions in endings
    )


def bokmal_words(text: str) -> list[str]:
    """Words in text that bokmål writes and nynorsk does not."""
    return [w for w in _words(text) if _bokmal(w)]


def nynorsk_words(text: str) -> list[str]:
    """Words in text that nynorsk writes and bokmål does not."""
    return [w for w in _words(text) if _nynorsk(w)]


# A word's verdict, once per process: checking one against every listed compound ending is most
# of the linter's time, and a batch's decks repeat the same words on every deck's own slides.
@functools.lru_cache(maxsize=1 << 16)
def _bokmal(word: str) -> bool:
    return _marks(word, BOKMAL_ONLY, _BOKMAL_ENDINGS, ROLE_TAILS["nb"])


@functools.lru_cache(maxsize=1 << 16)
def _nynorsk(word: str) -> bool:
    return _marks(word, NYNORSK_ONLY, _NYNORSK_ENDINGS, ROLE_TAILS["nn"])


def norwegian_words(text: str) -> list[str]:
    """Words in text that mark it as Norwegian rather than English."""
    return _norwegian(_words(text))


def _norwegian(words: list[str]) -> list[str]:
    found: list[str] = []
    weak: list[str] = []
    for word in words:
        lower = word.lower()
        if word.isupper() and len(word) > 1:
            continue  # acronyms: AV, DE
        if word[:1].isupper() and lower in PLACE_NAMES:
            continue
        if lower in NORWEGIAN and (len(lower) > 3 or word == lower):
            (weak if lower in _WEAK_IN_ENGLISH else found).append(word)
        elif _in(lower, BOKMAL_ONLY) or _in(lower, NYNORSK_ONLY) or _norwegian_term(lower):
            found.append(word)  # Sykehjem, Spesialisthelsetjenesten, Prosjektleiar
        elif not word[:1].isupper() and (any(ch in lower for ch in "æøå") or "helse" in lower):
            found.append(word)  # lower-case: not a name like Røros or Helseplattformen
    return found + weak if found else (weak if len(weak) >= 2 else [])


@functools.lru_cache(maxsize=1 << 16)
def _norwegian_term(lower: str) -> bool:
    """A word of roles and titles, a compound ending in one, or a Norwegian ending."""
    if lower in NORWEGIAN_TERMS:
        return True
    if lower not in _ENGLISH_TAIL_WORDS and any(
        lower.endswith(tail) and len(lower) > len(tail) for tail in NORWEGIAN_TAILS
    ):
        return True
    return any(
        pattern.fullmatch(lower) and lower not in exceptions
        for pattern, exceptions in _ENGLISH_ENDINGS
    )


def mismatch(text: str, language: Language) -> Mismatch | None:
    """Whether ``text``, tagged as ``language``, holds words of another written form.

    A text of one short capitalised word is a name or label (an outlet "Då", a place "Os"),
    not a sentence: it tells nothing about the written form. A longer one still does
    ("Sykehus" as a nynorsk label).
    """
    words = _words(text)
    if len(words) == 1 and words[0][:1].isupper() and len(words[0]) < _COMPOUND_TAIL:
        return None
    if language == "nn":
        words = [w for w in words if _bokmal(w)]
        return Mismatch("nb", tuple(dict.fromkeys(words))) if words else None
    if language == "nb":
        words = [w for w in words if _nynorsk(w)]
        return Mismatch("nn", tuple(dict.fromkeys(words))) if words else None
    words = _norwegian(words)
    return Mismatch("no", tuple(dict.fromkeys(words))) if words else None


def describe(found: Mismatch, language: Language) -> str:
    """The finding's sentence (in the user's language): the words and how to fix it."""
    from hpdeck.messages import say

    shown = ", ".join(f"'{w}'" for w in found.words[:4])
    more = say("lint.language_more", count=len(found.words) - 4) if len(found.words) > 4 else ""
    hint = ""
    if found.found in ("nb", "nn"):
        table = BOKMAL_ONLY if found.found == "nb" else NYNORSK_ONLY
        hints = [f"{w} → {table[w.lower()]}" for w in found.words[:3] if w.lower() in table]
        hint = f" ({', '.join(hints)})" if hints else ""
    return say(
        "lint.language",
        wanted=say(f"language.{language}"),
        found=say(f"language.{found.found}"),
        words=shown + more,
        hint=hint,
    )


# -- reading a built slide --------------------------------------------------------------------

_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
_HP = f"{{{HP_NS}}}"
_TAGS: dict[str, Language] = {"nb": "nb", "no": "nb", "nn": "nn", "en": "en"}


def language_of_tag(tag: str | None) -> Language | None:
    """nb-NO → nb, nn-NO → nn, en-GB/en-US → en; None for other or missing tags."""
    return _TAGS.get((tag or "").split("-")[0].lower()) if tag else None


def tagged_texts(element: Any) -> dict[Language, str]:
    """The text of every run under an XML element, joined per language tag of the run."""
    texts: dict[Language, list[str]] = {}
    for paragraph in element.iter(f"{_A}p"):
        per: dict[Language, list[str]] = {}
        for run in paragraph.iter(f"{_A}r"):
            props = next(run.iterchildren(f"{_A}rPr"), None)
            lang = language_of_tag(props.get("lang") if props is not None else None)
            found = next(run.iterchildren(f"{_A}t"), None)
            text = (found.text or "") if found is not None else ""
            if lang and text.strip():
                per.setdefault(lang, []).append(text)
        for lang, parts in per.items():
            texts.setdefault(lang, []).append("".join(parts))
    return {lang: "\n".join(parts) for lang, parts in texts.items()}


def shape_mismatches(element: Any, deck_language: str) -> Iterator[tuple[str, str]]:
    """(message, source) for text of another written form in a shape's XML ``element``;
    ``source`` is the file:line of the paragraphs the words are in when the writer recorded one
    apart from the shape's (a quote's role), else "" for the shape's own.

    Runs are judged by their own ``lang`` (a quote in bokmål on a nynorsk slide is tagged
    nb-NO and fine); alt text by the deck's language (``deck_language``, the tag of its core
    properties), which screen readers read it in.
    """
    deck = language_of_tag(deck_language)
    texts = tagged_texts(element)
    c_nv_pr = next(element[0].iterchildren(f"{_P}cNvPr"), None) if len(element) else None
    descr = c_nv_pr.get("descr") if c_nv_pr is not None else None
    if descr is not None and deck:
        texts[deck] = "\n".join(filter(None, (texts.get(deck), descr)))
    for lang, text in texts.items():
        found = mismatch(text, lang)
        if found:
            for source, part in _by_source(element, lang, found):
                yield describe(part, lang), source


def notes_mismatches(body: Any) -> Iterator[str]:
    """Messages for text of another written form in the speaker notes' text ``body``."""
    from hpdeck.messages import say

    for lang, text in tagged_texts(body).items():
        found = mismatch(text, lang)
        if found:
            yield say("lint.speaker_notes") + describe(found, lang)


def _by_source(element: Any, lang: Language, found: Mismatch) -> Iterator[tuple[str, Mismatch]]:
    """A finding split by where its paragraphs were written, when the writer recorded
    paragraphs of another origin (``hp:part``): the words of a quote's role are on the role's
    line, not the quote's. Asked only of a shape with a finding, so clean slides cost nothing."""
    parts = {
        int(part.get("p")): part.get("source", "")
        for part in element.iterfind(f"./*[1]/{_P}cNvPr/{_A}extLst/{_A}ext/{_HP}meta/{_HP}part")
    }
    if not parts:
        yield "", found
        return
    body = element.find(f".//{_P}txBody")
    paragraphs = body.findall(f"{_A}p") if body is not None else []
    groups: dict[str, list[str]] = {}
    for index, paragraph in enumerate(paragraphs):
        words = tagged_texts(paragraph).get(lang, "")
        groups.setdefault(parts.get(index, ""), []).append(words)
    rest = found.words
    for source, texts in groups.items():
        here = mismatch("\n".join(texts), lang)
        if here and source:
            yield source, here
            rest = tuple(w for w in rest if w not in here.words)
    if rest:  # the shape's own paragraphs (and its alt text)
        yield "", Mismatch(found.found, rest)
