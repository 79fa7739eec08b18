"""Typed read views of schema-valid iJw messages: plain dataclasses, dates as `date`.

Each view keeps the lxml element it was read from (`element`), so a check can name the exact
location of a violation without a second walk over the tree. Extraction reads every class's
children in one pass: this is the hot path of message validation. For the same reason the
views are plain slotted dataclasses rather than frozen ones (a frozen dataclass costs about
six times as much to build): treat them as read-only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Generic, Protocol, TypeVar

from lxml import etree

from app.ijw.tree import Element, children_by_name, xs_date

_date = xs_date
P = TypeVar("P")


_LOCAL_NAMES: dict[str, str] = {}
"""Local name by qualified tag: lxml builds `.tag` anew on every access, slicing it is not free."""


def fields(element: Element | list[Element]) -> dict[str, Element]:
    """Children by local name (for classes whose children do not repeat: the last wins)."""
    names = _LOCAL_NAMES
    out: dict[str, Element] = {}
    try:
        # A plain loop: in a comprehension each call would set up a function of its own.
        for child in element:
            out[names[child.tag]] = child
        return out
    except KeyError:  # a tag not seen yet, or a comment (whose tag is no string)
        pass
    out = {}
    for child in element:
        tag = child.tag
        name = names.get(tag)
        if name is None:
            if tag.__class__ is not str:
                continue
            name = names[tag] = tag[tag.index("}") + 1 :]
        out[name] = child
    return out


_names = fields


_HOUDEN = 64
"""Classes of one list whose children a view keeps by name. A bulk message's are not kept:
thousands of kept elements cost the garbage collector more than the rules save."""


def _kinderen(
    element: Element, found: dict[str, Element], houden: bool = True
) -> dict[str, Element] | None:
    """`found` (the last child of each name) as `tree.kid` reads children: the first of each.

    They differ only where a name repeats, which no schema-valid class has. None when the
    children are not to be kept (`houden`).
    """
    if not houden:
        return None
    return found if len(found) == len(element) else children_by_name(element)


def _kinderen_field() -> dict[str, Element] | None:
    # Set by the readers: a class's children by local name, for the rules to read them without
    # a search of the tree; None in a bulk list (`_HOUDEN`). A view built without a tree
    # (builders, tests) has none.
    return field(default_factory=dict, repr=False, compare=False)


def _gelezen_field() -> dict[Element, dict[str, Element]]:
    # Set by the readers: the `kinderen` of every class they kept them for, by its element.
    return field(default_factory=dict, repr=False, compare=False)


def _text(found: dict[str, Element], name: str) -> str | None:
    element = found.get(name)
    if element is None:
        return None
    value = element.text
    return value.strip() if value is not None else None


def _day(found: dict[str, Element], name: str) -> date | None:
    element = found.get(name)
    return _date((element.text or "").strip()) if element is not None else None


def _int(found: dict[str, Element], name: str) -> int | None:
    element = found.get(name)
    return int(element.text or "") if element is not None else None


def _element_field() -> Element:
    # The readers always set `element`; the None default lets a view be built without a tree
    # (builders, tests), so the field's declared type is the one every reader gives it.
    return field(default=None, repr=False, compare=False)  # type: ignore[return-value]


# --- shared classes -------------------------------------------------------------------------


@dataclass(slots=True)
class Header:
    """The header every iJw message carries; retour fields are None on a heenbericht."""

    berichtcode: str
    berichtversie: str
    berichtsubversie: str
    afzender: str
    ontvanger: str
    identificatie: str
    dagtekening: date
    xsd_basisschema: str
    xsd_bericht: str
    identificatie_retour: str | None = None
    dagtekening_retour: date | None = None
    xslt_versie: str | None = None
    retourcodes: tuple[str, ...] = ()
    element: Element = _element_field()
    dagtekening_element: Element | None = field(default=None, repr=False, compare=False)
    """BerichtIdentificatie/Dagtekening as read, for the rules that compare with it."""
    dagtekening_ruw: str | None = field(default=None, repr=False, compare=False)
    """The Dagtekening's text as written (None when not read from a tree), which the rules
    compare as rules.xsl does."""


@dataclass(slots=True)
class Product:
    """ProductCategorie with an optional ProductCode."""

    categorie: str
    code: str | None


@dataclass(slots=True)
class Omvang:
    """Volume in Eenheid per Frequentie."""

    volume: int
    eenheid: str
    frequentie: str


@dataclass(slots=True)
class Geboortedatum:
    """Birth date with DatumGebruik (COD170) saying which parts are unknown."""

    datum: date
    datum_gebruik: str | None
    element: Element = _element_field()
    kinderen: dict[str, Element] | None = _kinderen_field()
    teksten: tuple[str | None, str | None] | None = field(default=None, repr=False, compare=False)
    """Datum's and DatumGebruik's texts as written (None for an absent DatumGebruik), which the
    rules compare as rules.xsl does; None when not read from a tree."""


@dataclass(slots=True)
class Naam:
    """A person's name as far as the inbound messages carry it."""

    achternaam: str
    voorvoegsel: str | None
    voornamen: str | None
    voorletters: str | None


@dataclass(slots=True)
class Verwijzer:
    """Who referred the client (COD327)."""

    type: str
    naam: str | None
    zorgverlener_code: str | None
    element: Element = _element_field()


def read_header(element: Element) -> Header:
    """Read any message's header."""
    # Every header starts with the same seven elements in this order; retours add theirs after.
    berichtcode, versie, subversie, afzender, ontvanger, ident, xsd, *rest = element
    identificatie, dagtekening = ident
    basisschema, bericht = xsd
    dagtekening_ruw = dagtekening.text
    if not rest:
        # A heenbericht: no retour fields. Positional, as keywords cost a match per field.
        return Header(
            (berichtcode.text or "").strip(),
            (versie.text or "").strip(),
            (subversie.text or "").strip(),
            (afzender.text or "").strip(),
            (ontvanger.text or "").strip(),
            (identificatie.text or "").strip(),
            _date(dagtekening_ruw or ""),
            (basisschema.text or "").strip(),
            (bericht.text or "").strip(),
            None,
            None,
            None,
            (),
            element,
            dagtekening,
            dagtekening_ruw,
        )
    extra = _names(rest)
    return Header(
        berichtcode=(berichtcode.text or "").strip(),
        berichtversie=(versie.text or "").strip(),
        berichtsubversie=(subversie.text or "").strip(),
        afzender=(afzender.text or "").strip(),
        ontvanger=(ontvanger.text or "").strip(),
        identificatie=(identificatie.text or "").strip(),
        dagtekening=_date(dagtekening_ruw or ""),
        xsd_basisschema=(basisschema.text or "").strip(),
        xsd_bericht=(bericht.text or "").strip(),
        identificatie_retour=_text(extra, "IdentificatieRetour"),
        dagtekening_retour=_day(extra, "DagtekeningRetour"),
        xslt_versie=_text(extra, "XsltVersie"),
        retourcodes=_codes(extra.get("RetourCodes")),
        element=element,
        dagtekening_element=dagtekening,
        dagtekening_ruw=dagtekening_ruw,
    )


def dagtekening_of(header: Header) -> Element:
    """The header's BerichtIdentificatie/Dagtekening element (every header has it there)."""
    found = header.dagtekening_element
    return header.element[5][1] if found is None else found


def _codes(retourcodes: Element | None) -> tuple[str, ...]:
    if retourcodes is None:
        return ()
    return tuple((code.text or "").strip() for code in retourcodes)


# The parser drops comments and processing instructions, and the schema fixes each class's
# order: classes whose optional children come last can be read by position, without `.tag`.


def _product(element: Element | None) -> Product | None:
    if element is None:
        return None
    children = list(element)  # Categorie, Code?
    code = (children[1].text or "").strip() if len(children) > 1 else None
    return Product((children[0].text or "").strip(), code)


def _omvang(element: Element | None) -> Omvang | None:
    if element is None:
        return None
    volume, eenheid, frequentie = element
    return Omvang(
        int(volume.text or ""), (eenheid.text or "").strip(), (frequentie.text or "").strip()
    )


def _geboortedatum(element: Element) -> Geboortedatum:
    children = list(element)  # Datum, DatumGebruik?
    datum = children[0]
    datum_tekst = datum.text
    if len(children) > 1:
        datum_gebruik = children[1]
        gebruik_tekst = datum_gebruik.text
        gebruik: str | None = (gebruik_tekst or "").strip()
        kinderen = {"Datum": datum, "DatumGebruik": datum_gebruik}
    else:
        gebruik_tekst = gebruik = None
        kinderen = {"Datum": datum}
    return Geboortedatum(
        _date(datum_tekst or ""), gebruik, element, kinderen, (datum_tekst, gebruik_tekst)
    )


def _naam(element: Element) -> Naam:
    found = fields(element)
    geslachtsnaam = fields(found["Geslachtsnaam"])
    return Naam(
        (geslachtsnaam["Achternaam"].text or "").strip(),
        _text(geslachtsnaam, "Voorvoegsel"),
        _text(found, "Voornamen"),
        _text(found, "Voorletters"),
    )


def _lijst(read: Callable[[Element, bool], P], container: Element | None) -> tuple[P, ...]:
    """Every class in a container, read; their children kept by name unless they are many."""
    elements = _each(container)
    houden = len(elements) <= _HOUDEN
    return tuple([read(element, houden) for element in elements])


def _each(container: Element | None) -> list[Element]:
    if container is None:
        return []
    return list(container.iterchildren(etree.Element))


# --- JW315 Verzoek om toewijzing ------------------------------------------------------------


@dataclass(slots=True)
class AangevraagdProduct:
    """One requested product of a VOT; ReferentieAanbieder is its request id."""

    referentie_aanbieder: str
    beschikking_nummer: int | None
    product: Product | None
    beschikking_ingangsdatum: date | None
    toewijzing_ingangsdatum: date
    toewijzing_einddatum: date | None
    omvang: Omvang | None
    budget: int | None
    verwijzer: Verwijzer
    raamcontract: str | None
    commentaar: str | None
    element: Element = _element_field()
    kinderen: dict[str, Element] | None = _kinderen_field()
    op_volgorde: bool = field(default=False, repr=False, compare=False)
    """True when ToewijzingIngangsdatum and ToewijzingEinddatum are written YYYY-MM-DD and the
    end is not before the start (False tells nothing)."""

    @property
    def einddatum(self) -> date | None:
        """The ToewijzingEinddatum, under the name every product class shares."""
        return self.toewijzing_einddatum


class _NaamOpAanvraag:
    """Gives a client view its Naam, read on demand: no technical rule looks at it."""

    __slots__ = ()
    element: Element

    @property
    def naam(self) -> Naam:
        """The client's name."""
        return _naam(fields(self.element)["Naam"])


@dataclass(slots=True)
class Client315(_NaamOpAanvraag):
    """The client of a VOT with the requested products."""

    bsn: str
    geboortedatum: Geboortedatum
    geslacht: str
    gezagsdrager_bekend: str | None
    commentaar: str | None
    producten: tuple[AangevraagdProduct, ...]
    element: Element = _element_field()
    kinderen: dict[str, Element] | None = _kinderen_field()


@dataclass(slots=True)
class JW315:
    """Verzoek om toewijzing."""

    header: Header
    client: Client315
    gelezen: dict[Element, dict[str, Element]] = _gelezen_field()


def _verwijzer(element: Element) -> Verwijzer:
    type_, *rest = element  # Type, Naam?, ZorgverlenerCode?
    naam = code = None
    for child in rest:
        if child.tag.endswith("}Naam"):
            naam = (child.text or "").strip()
        else:
            code = (child.text or "").strip()
    return Verwijzer((type_.text or "").strip(), naam, code, element)


def _aangevraagd_product(element: Element, houden: bool = True) -> AangevraagdProduct:
    found = fields(element)
    get = found.get
    # Positional, with each optional child read inline: this runs once per product.
    nummer, ingang, einde = (
        get("BeschikkingNummer"),
        get("BeschikkingIngangsdatum"),
        get("ToewijzingEinddatum"),
    )
    budget, raamcontract, commentaar = get("Budget"), get("Raamcontract"), get("Commentaar")
    begin = found["ToewijzingIngangsdatum"].text or ""
    eind = None if einde is None else einde.text or ""
    return AangevraagdProduct(
        (found["ReferentieAanbieder"].text or "").strip(),
        None if nummer is None else int(nummer.text or ""),
        _product(get("Product")),
        None if ingang is None else _date((ingang.text or "").strip()),
        _date(begin.strip()),
        None if eind is None else _date(eind.strip()),
        _omvang(get("Omvang")),
        None if budget is None else int(budget.text or ""),
        _verwijzer(found["Verwijzer"]),
        None if raamcontract is None else _strip(raamcontract.text),
        None if commentaar is None else _strip(commentaar.text),
        element,
        _kinderen(element, found, houden),
        eind is not None and _op_volgorde(begin, eind),
    )


def _op_volgorde(begin: str, eind: str) -> bool:
    """True when both dates are written YYYY-MM-DD and `begin` is not after `eind`."""
    return (
        len(begin) == 10 == len(eind)
        and begin[4] == begin[7] == eind[4] == eind[7] == "-"
        and begin <= eind
    )


def _strip(value: str | None) -> str | None:
    return None if value is None else value.strip()


_CLIENT315 = (
    "Bsn",
    "Geboortedatum",
    "Geslacht",
    "Naam",
    "GezagsdragerBekend",
    "Commentaar",
    "AangevraagdeProducten",
)


def _header_en_client(root: Element) -> tuple[Element, Element]:
    """The Header and the Client (by position when they are all the root holds)."""
    if len(root) == 2:
        header, client = root
        return header, client
    top = fields(root)
    return top["Header"], top["Client"]


def read_jw315(root: Element) -> JW315:
    """Read a schema-valid JW315."""
    header, client = _header_en_client(root)
    children = list(client)
    if len(children) == len(_CLIENT315):
        # With its optional children present the schema fixes every position.
        found = dict(zip(_CLIENT315, children, strict=True))
        kinderen = found
    else:
        found = fields(children)
        kinderen = found if len(found) == len(children) else children_by_name(client)
    gezag, commentaar = found.get("GezagsdragerBekend"), found.get("Commentaar")
    gelezen = Client315(
        (found["Bsn"].text or "").strip(),
        _geboortedatum(found["Geboortedatum"]),
        (found["Geslacht"].text or "").strip(),
        None if gezag is None else _strip(gezag.text),
        None if commentaar is None else _strip(commentaar.text),
        _lijst(_aangevraagd_product, found.get("AangevraagdeProducten")),
        client,
        kinderen,
    )
    per_element = {client: kinderen}
    for product in gelezen.producten:
        if product.kinderen is not None:
            per_element[product.element] = product.kinderen
    return JW315(read_header(header), gelezen, per_element)


# --- JW317 Verzoek om wijziging -------------------------------------------------------------


@dataclass(slots=True)
class OngewijzigdProduct:
    """A current toewijzing the VOW keeps as it is."""

    toewijzing_nummer: int
    element: Element = _element_field()
    kinderen: dict[str, Element] | None = _kinderen_field()


@dataclass(slots=True)
class TeWijzigenProduct:
    """A current toewijzing the VOW wants changed from GewensteIngangsdatum on."""

    toewijzing_nummer: int
    gewenste_ingangsdatum: date
    einddatum: date | None
    omvang: Omvang | None
    budget: int | None
    element: Element = _element_field()
    kinderen: dict[str, Element] | None = _kinderen_field()


@dataclass(slots=True)
class NieuwProduct:
    """A product the VOW asks for in addition."""

    product: Product | None
    gewenste_ingangsdatum: date
    einddatum: date | None
    omvang: Omvang | None
    budget: int | None
    element: Element = _element_field()
    kinderen: dict[str, Element] | None = _kinderen_field()


@dataclass(slots=True)
class Verzoek:
    """The VOW's one request: the complete desired situation (OP308)."""

    referentie_aanbieder: str
    reden_verzoek: str
    ongewijzigd: tuple[OngewijzigdProduct, ...]
    te_wijzigen: tuple[TeWijzigenProduct, ...]
    nieuw: tuple[NieuwProduct, ...]
    element: Element = _element_field()
    kinderen: dict[str, Element] | None = _kinderen_field()


@dataclass(slots=True)
class Client317:
    """The client of a VOW: only the BSN and the request."""

    bsn: str
    verzoek: Verzoek
    element: Element = _element_field()
    kinderen: dict[str, Element] | None = _kinderen_field()


@dataclass(slots=True)
class JW317:
    """Verzoek om wijziging."""

    header: Header
    client: Client317
    gelezen: dict[Element, dict[str, Element]] = _gelezen_field()


def _te_wijzigen(element: Element, houden: bool = True) -> TeWijzigenProduct:
    found = fields(element)
    get = found.get
    einde, budget = get("Einddatum"), get("Budget")
    return TeWijzigenProduct(
        int(found["ToewijzingNummer"].text or ""),
        _date((found["GewensteIngangsdatum"].text or "").strip()),
        None if einde is None else _date((einde.text or "").strip()),
        _omvang(get("Omvang")),
        None if budget is None else int(budget.text or ""),
        element,
        _kinderen(element, found, houden),
    )


def _nieuw(element: Element, houden: bool = True) -> NieuwProduct:
    found = fields(element)
    get = found.get
    einde, budget = get("Einddatum"), get("Budget")
    return NieuwProduct(
        _product(get("Product")),
        _date((found["GewensteIngangsdatum"].text or "").strip()),
        None if einde is None else _date((einde.text or "").strip()),
        _omvang(get("Omvang")),
        None if budget is None else int(budget.text or ""),
        element,
        _kinderen(element, found, houden),
    )


def _ongewijzigd(element: Element, houden: bool = True) -> OngewijzigdProduct:
    if len(element) == 1:
        # Its one child is its ToewijzingNummer.
        (nummer,) = element
        return OngewijzigdProduct(
            int(nummer.text or ""), element, {"ToewijzingNummer": nummer} if houden else None
        )
    found = fields(element)
    return OngewijzigdProduct(
        int(found["ToewijzingNummer"].text or ""), element, _kinderen(element, found, houden)
    )


def read_jw317(root: Element) -> JW317:
    """Read a schema-valid JW317."""
    header, client = _header_en_client(root)
    if len(client) == 2:
        # Bsn and Verzoek: the schema fixes both positions.
        bsn, verzoek_element = client
        kinderen: dict[str, Element] = {"Bsn": bsn, "Verzoek": verzoek_element}
    else:
        found = fields(client)
        bsn, verzoek_element = found["Bsn"], found["Verzoek"]
        kinderen = found if len(found) == len(client) else children_by_name(client)
    verzoek = fields(verzoek_element)
    get = verzoek.get
    verzoek_kinderen = (
        verzoek if len(verzoek) == len(verzoek_element) else children_by_name(verzoek_element)
    )
    v = Verzoek(
        (verzoek["ReferentieAanbieder"].text or "").strip(),
        (verzoek["RedenVerzoek"].text or "").strip(),
        _lijst(_ongewijzigd, get("OngewijzigdeProducten")),
        _lijst(_te_wijzigen, get("TeWijzigenProducten")),
        _lijst(_nieuw, get("NieuweProducten")),
        verzoek_element,
        verzoek_kinderen,
    )
    gelezen = Client317((bsn.text or "").strip(), v, client, kinderen)
    per_element = {client: kinderen, verzoek_element: verzoek_kinderen}
    for producten in (v.ongewijzigd, v.te_wijzigen, v.nieuw):
        for product in producten:
            if product.kinderen is not None:
                per_element[product.element] = product.kinderen
    return JW317(read_header(header), gelezen, per_element)


# --- JW305 Start zorg / JW307 Stop zorg -----------------------------------------------------


def _teksten_field() -> tuple[str | None, ...]:
    # Set by the readers: the texts as written, which the rules compare as rules.xsl does.
    return field(default=(), repr=False, compare=False)


@dataclass(slots=True)
class StartProduct:
    """A reported start of care; its key is (ToewijzingNummer, Product, Begindatum)."""

    toewijzing_nummer: int | None
    product: Product | None
    toewijzing_ingangsdatum: date | None
    begindatum: date
    status_aanlevering: str
    element: Element = _element_field()
    kinderen: dict[str, Element] | None = _kinderen_field()
    sleutel_ruw: tuple[str | None, ...] = _teksten_field()
    """ToewijzingNummer, Product/Categorie, Product/Code and Begindatum as written: None for
    an absent element, "" for an empty one."""


@dataclass(slots=True)
class StopProduct:
    """A reported end of care; the key adds RedenBeeindiging and Einddatum."""

    toewijzing_nummer: int | None
    product: Product | None
    toewijzing_ingangsdatum: date | None
    begindatum: date
    reden_beeindiging: str
    einddatum: date
    status_aanlevering: str
    element: Element = _element_field()
    kinderen: dict[str, Element] | None = _kinderen_field()
    sleutel_ruw: tuple[str | None, ...] = _teksten_field()
    """As a StartProduct's, then RedenBeeindiging and Einddatum as written."""


@dataclass(slots=True)
class RegieClient(_NaamOpAanvraag, Generic[P]):
    """The client of a start or stop message with its products."""

    bsn: str
    geboortedatum: Geboortedatum
    geslacht: str
    producten: tuple[P, ...]
    element: Element = _element_field()
    kinderen: dict[str, Element] | None = _kinderen_field()
    bsn_ruw: str | None = field(default=None, repr=False, compare=False)
    """The Bsn's text as written (None for an empty element, or when not read from a tree)."""
    container: Element | None = field(default=None, repr=False, compare=False)
    """The StartProducten or StopProducten element the products were read from."""


@dataclass(slots=True)
class JW305:
    """Start zorg."""

    header: Header
    client: RegieClient[StartProduct]
    gelezen: dict[Element, dict[str, Element]] = _gelezen_field()


@dataclass(slots=True)
class JW307:
    """Stop zorg."""

    header: Header
    client: RegieClient[StopProduct]
    gelezen: dict[Element, dict[str, Element]] = _gelezen_field()


_REGIE_LEIDEND = ("ToewijzingNummer", "Product", "ToewijzingIngangsdatum")
_STOP_VOLGEND = ("Begindatum", "RedenBeeindiging", "Einddatum", "StatusAanlevering")
# Only a product's leading three children are optional: with all present the schema fixes
# every position, and the children are read without their names.


def _leidend(
    nummer: Element | None, product: Element | None
) -> tuple[str | None, str | None, str | None, Product | None]:
    """ToewijzingNummer, Product/Categorie and Product/Code as written, and the Product."""
    tekst = None if nummer is None else nummer.text or ""
    if product is None:
        return tekst, None, None, None
    children = list(product)  # Categorie, Code?
    categorie = children[0].text or ""
    code = (children[1].text or "") if len(children) > 1 else None
    return (
        tekst,
        categorie,
        code,
        Product(categorie.strip(), code.strip() if code is not None else None),
    )


def _start(element: Element, houden: bool = True) -> StartProduct:
    children = list(element)
    if len(children) != 5:
        return _start_gezocht(element, children, houden)
    nummer, product, ingang, begin, status = children
    # `_leidend` written out: a start message reads few products, each in full.
    nummer_tekst = nummer.text or ""
    gegevens = list(product)  # Categorie, Code?
    categorie = gegevens[0].text or ""
    code = (gegevens[1].text or "") if len(gegevens) > 1 else None
    begindatum = begin.text or ""
    return StartProduct(
        int(nummer_tekst),
        Product(categorie.strip(), code.strip() if code is not None else None),
        _date((ingang.text or "").strip()),
        _date(begindatum.strip()),
        (status.text or "").strip(),
        element,
        # A dict display: `dict(zip(names, children))` costs three times as much.
        {
            "ToewijzingNummer": nummer,
            "Product": product,
            "ToewijzingIngangsdatum": ingang,
            "Begindatum": begin,
            "StatusAanlevering": status,
        }
        if houden
        else None,
        (nummer_tekst, categorie, code, begindatum),
    )


def _start_gezocht(element: Element, children: list[Element], houden: bool) -> StartProduct:
    """A StartProduct without one of its optional leading children: read by name."""
    found = fields(children)
    nummer, product, ingang = (found.get(naam) for naam in _REGIE_LEIDEND)
    begin, status = found["Begindatum"], found["StatusAanlevering"]
    nummer_tekst, categorie, code, gelezen = _leidend(nummer, product)
    begindatum = begin.text or ""
    return StartProduct(
        int(nummer_tekst) if nummer_tekst is not None else None,
        gelezen,
        _date((ingang.text or "").strip()) if ingang is not None else None,
        _date(begindatum.strip()),
        (status.text or "").strip(),
        element,
        _kinderen(element, found, houden),
        (nummer_tekst, categorie, code, begindatum),
    )


def _stop(element: Element, houden: bool = True) -> StopProduct:
    children = list(element)
    nummer: Element | None
    product: Element | None
    ingang: Element | None
    if len(children) == 7:
        nummer, product, ingang, begin, reden_element, eind, status = children
        kinderen = (
            {
                "ToewijzingNummer": nummer,
                "Product": product,
                "ToewijzingIngangsdatum": ingang,
                "Begindatum": begin,
                "RedenBeeindiging": reden_element,
                "Einddatum": eind,
                "StatusAanlevering": status,
            }
            if houden
            else None
        )
    else:
        found = fields(children)
        nummer, product, ingang = (found.get(naam) for naam in _REGIE_LEIDEND)
        begin, reden_element, eind, status = (found[naam] for naam in _STOP_VOLGEND)
        kinderen = _kinderen(element, found, houden)
    nummer_tekst, categorie, code, gelezen = _leidend(nummer, product)
    begindatum = begin.text or ""
    reden = reden_element.text or ""
    einddatum = eind.text or ""
    return StopProduct(
        int(nummer_tekst) if nummer_tekst is not None else None,
        gelezen,
        _date((ingang.text or "").strip()) if ingang is not None else None,
        _date(begindatum.strip()),
        reden.strip(),
        _date(einddatum.strip()),
        (status.text or "").strip(),
        element,
        kinderen,
        (nummer_tekst, categorie, code, begindatum, reden, einddatum),
    )


def _regie_client(
    client: Element, container: str, read: Callable[[Element, bool], P]
) -> RegieClient[P]:
    children = list(client)
    producten: Element | None
    if len(children) == 5:
        # Every child is required: the schema fixes their order.
        bsn, geboortedatum, geslacht, naam, producten = children
        found = {
            "Bsn": bsn,
            "Geboortedatum": geboortedatum,
            "Geslacht": geslacht,
            "Naam": naam,
            container: producten,
        }
    else:
        found = fields(children)
        bsn, geboortedatum, geslacht = found["Bsn"], found["Geboortedatum"], found["Geslacht"]
        producten = found.get(container)
    bsn_ruw = bsn.text
    return RegieClient(
        (bsn_ruw or "").strip(),
        _geboortedatum(geboortedatum),
        (geslacht.text or "").strip(),
        _lijst(read, producten),
        client,
        _kinderen(client, found),
        bsn_ruw,
        producten,
    )


def _regie_gelezen(
    client: RegieClient[StartProduct] | RegieClient[StopProduct],
) -> dict[Element, dict[str, Element]]:
    """The children the Client and each product kept, by element (as `_gelezen`, unrolled)."""
    gelezen = {} if client.kinderen is None else {client.element: client.kinderen}
    for product in client.producten:
        if product.kinderen is not None:
            gelezen[product.element] = product.kinderen
    return gelezen


def read_jw305(root: Element) -> JW305:
    """Read a schema-valid JW305."""
    header, client_element = _header_en_client(root)
    client = _regie_client(client_element, "StartProducten", _start)
    return JW305(read_header(header), client, _regie_gelezen(client))


def read_jw307(root: Element) -> JW307:
    """Read a schema-valid JW307."""
    header, client_element = _header_en_client(root)
    client = _regie_client(client_element, "StopProducten", _stop)
    return JW307(read_header(header), client, _regie_gelezen(client))


class _Gelezen(Protocol):
    element: Element
    kinderen: dict[str, Element] | None


def _gelezen(*klassen: Iterable[_Gelezen]) -> dict[Element, dict[str, Element]]:
    """The children each class view read, by its element."""
    return {k.element: k.kinderen for views in klassen for k in views if k.kinderen is not None}


# --- JW302 Retour toewijzing / JW320 Retour antwoordbericht ---------------------------------


@dataclass(slots=True)
class ToegewezenProductRetour:
    """The provider's verdict on one ToegewezenProduct of our JW301."""

    toewijzing_nummer: int
    retourcodes: tuple[str, ...]
    element: Element = _element_field()


@dataclass(slots=True)
class JW302:
    """Retour toewijzing: the provider's answer to our JW301."""

    header: Header
    bsn: str | None
    client_retourcodes: tuple[str, ...]
    producten: tuple[ToegewezenProductRetour, ...]

    @property
    def accepted(self) -> bool:
        """True when the provider accepted the JW301 (no RetourCodes in the header)."""
        return not self.header.retourcodes


@dataclass(slots=True)
class JW320:
    """Retour antwoordbericht: the provider's answer to our JW319."""

    header: Header
    referentie_aanbieder: str | None
    verzoek_antwoord: str | None
    antwoord_retourcodes: tuple[str, ...]

    @property
    def accepted(self) -> bool:
        """True when the provider accepted the JW319 (no RetourCodes in the header)."""
        return not self.header.retourcodes


def read_jw302(root: Element) -> JW302:
    """Read a schema-valid JW302."""
    top = fields(root)
    client = top.get("Client")
    if client is None:
        return JW302(read_header(top["Header"]), None, (), ())
    found = fields(client)
    producten = []
    for product in _each(found.get("ToegewezenProducten")):
        product_fields = fields(product)
        producten.append(
            ToegewezenProductRetour(
                int(product_fields["ToewijzingNummer"].text or ""),
                _codes(product_fields.get("RetourCodes")),
                product,
            )
        )
    return JW302(
        read_header(top["Header"]),
        (found["Bsn"].text or "").strip(),
        _codes(found.get("RetourCodes")),
        tuple(producten),
    )


def read_jw320(root: Element) -> JW320:
    """Read a schema-valid JW320."""
    top = fields(root)
    antwoord = top.get("Antwoord")
    if antwoord is None:
        return JW320(read_header(top["Header"]), None, None, ())
    found = fields(antwoord)
    return JW320(
        read_header(top["Header"]),
        _text(found, "ReferentieAanbieder"),
        _text(found, "VerzoekAntwoord"),
        _codes(found.get("RetourCodes")),
    )


# --- JW301 Toewijzing -----------------------------------------------------------------------
# Our own outgoing message: the rules judge it before it leaves, also while it is being built,
# so every part the rules read is optional here and text is None when absent or empty.


@dataclass(slots=True)
class VolledigeNaam:
    """A JW301 Naam (CDT_VolledigeNaam) as far as the rules read it."""

    naam_gebruik: str | None
    partnernaam: bool
    element: Element = _element_field()
    kinderen: dict[str, Element] | None = _kinderen_field()


@dataclass(slots=True)
class Communicatie:
    """How to communicate with the client: Vorm, and Taal when it is a tolk taal."""

    vorm: str | None
    taal: str | None
    element: Element = _element_field()
    kinderen: dict[str, Element] | None = _kinderen_field()


@dataclass(slots=True)
class Adres:
    """A Contact's Adres (CDT_Adres, every part optional); `huis` is the Huis element itself."""

    huis: Element | None
    huisnummer: str | None
    postcode: str | None
    landcode: str | None
    element: Element = _element_field()
    postcode_element: Element | None = field(default=None, repr=False, compare=False)
    """The Postcode element, its text as written (CS089 judges it unstripped)."""
    landcode_element: Element | None = field(default=None, repr=False, compare=False)
    kinderen: dict[str, Element] | None = _kinderen_field()
    huis_kinderen: dict[str, Element] | None = _kinderen_field()
    """The Huis element's children by name, as `kinderen` (none without a Huis)."""


@dataclass(slots=True)
class Periode:
    """A Contact's Periode (CDT_OpenPeriode)."""

    begindatum: date | None
    einddatum: date | None
    element: Element = _element_field()
    kinderen: dict[str, Element] | None = _kinderen_field()


@dataclass(slots=True)
class Contact:
    """One Contact of the client or of a Relatie."""

    soort: str | None
    adres: Adres | None
    telefoon: bool
    periode: Periode | None
    element: Element = _element_field()
    kinderen: dict[str, Element] | None = _kinderen_field()


@dataclass(slots=True)
class Relatie:
    """A relation of the client, with its own Naam and Contact."""

    nummer: str | None
    geboortedatum: Geboortedatum | None
    naam: VolledigeNaam | None
    contact: Contact | None
    element: Element = _element_field()
    kinderen: dict[str, Element] | None = _kinderen_field()


@dataclass(slots=True)
class ToegewezenProduct:
    """One toewijzing in a JW301 (a new one, a change, or a current one repeated)."""

    toewijzing_nummer: int | None
    product: Product | None
    toewijzingsdatum: date | None
    ingangsdatum: date | None
    einddatum: date | None
    reden_wijziging: str | None
    omvang: Omvang | None
    budget: int | None
    element: Element = _element_field()
    kinderen: dict[str, Element] | None = _kinderen_field()

    @property
    def nummer(self) -> str:
        """The ToewijzingNummer as written (leading zeros kept), "?" when absent; for messages."""
        return _tekst(fields(self.element).get("ToewijzingNummer")) or "?"


@dataclass(slots=True)
class Client301:
    """The client of a JW301: person, Relaties, Contactgegevens and ToegewezenProducten."""

    bsn: str | None
    geboortedatum: Geboortedatum | None
    naam: VolledigeNaam | None
    communicatie: Communicatie | None
    relaties: tuple[Relatie, ...]
    contactgegevens: Element | None
    contacten: tuple[Contact, ...]
    producten: tuple[ToegewezenProduct, ...]
    element: Element = _element_field()
    kinderen: dict[str, Element] | None = _kinderen_field()


@dataclass(slots=True)
class JW301:
    """Toewijzing; `client` is None only in a tree that lacks it (never in a schema-valid one)."""

    header: Header
    client: Client301 | None
    gelezen: dict[Element, dict[str, Element]] = _gelezen_field()


def _tekst(element: Element | None) -> str | None:
    if element is None:
        return None
    value = element.text
    if value is None:
        return None
    return value.strip() or None


def _dag(element: Element | None) -> date | None:
    value = _tekst(element)
    return None if value is None else _date(value)


def _getal(element: Element | None) -> int | None:
    value = _tekst(element)
    return None if value is None else int(value)


def _volledige_naam(element: Element | None, houden: bool = True) -> VolledigeNaam | None:
    if element is None:
        return None
    found = fields(element)
    return VolledigeNaam(
        _tekst(found.get("NaamGebruik")),
        "Partnernaam" in found,
        element,
        _kinderen(element, found, houden),
    )


def _adres(element: Element | None, houden: bool = True) -> Adres | None:
    if element is None:
        return None
    found = fields(element)
    huis = found.get("Huis")
    huis_kinderen: dict[str, Element] | None
    if huis is None:
        huisnummer, huis_kinderen = None, None
    else:
        huis_fields = fields(huis)
        huisnummer = _tekst(huis_fields.get("Huisnummer"))
        huis_kinderen = _kinderen(huis, huis_fields, houden)
    postcode, landcode = found.get("Postcode"), found.get("LandCode")
    return Adres(
        huis,
        huisnummer,
        _tekst(postcode),
        _tekst(landcode),
        element,
        postcode,
        landcode,
        _kinderen(element, found, houden),
        huis_kinderen,
    )


def _contact(element: Element, houden: bool = True) -> Contact:
    found = fields(element)
    periode = found.get("Periode")
    if periode is None:
        tijd = None
    else:
        dates = fields(periode)
        tijd = Periode(
            _dag(dates.get("Begindatum")),
            _dag(dates.get("Einddatum")),
            periode,
            _kinderen(periode, dates, houden),
        )
    return Contact(
        _tekst(found.get("Soort")),
        _adres(found.get("Adres"), houden),
        "Telefoon" in found,
        tijd,
        element,
        _kinderen(element, found, houden),
    )


def _relatie(element: Element, houden: bool = True) -> Relatie:
    found = fields(element)
    geboortedatum = found.get("Geboortedatum")
    contact = found.get("Contact")
    return Relatie(
        _tekst(found.get("Nummer")),
        _geboortedatum(geboortedatum) if geboortedatum is not None else None,
        _volledige_naam(found.get("Naam"), houden),
        _contact(contact, houden) if contact is not None else None,
        element,
        _kinderen(element, found, houden),
    )


def _omvang301(element: Element | None) -> Omvang | None:
    if element is None:
        return None
    found = fields(element)
    return Omvang(
        _getal(found.get("Volume")) or 0,
        _tekst(found.get("Eenheid")) or "",
        _tekst(found.get("Frequentie")) or "",
    )


def _toegewezen(element: Element, houden: bool = True) -> ToegewezenProduct:
    found = fields(element)
    product = found.get("Product")
    if product is None:
        soort = None
    else:
        product_fields = fields(product)
        soort = Product(
            _tekst(product_fields.get("Categorie")) or "", _tekst(product_fields.get("Code"))
        )
    # Positional: keywords cost a match per field, and this runs for every product.
    return ToegewezenProduct(
        _getal(found.get("ToewijzingNummer")),
        soort,
        _dag(found.get("Toewijzingsdatum")),
        _dag(found.get("Ingangsdatum")),
        _dag(found.get("Einddatum")),
        _tekst(found.get("RedenWijziging")),
        _omvang301(found.get("Omvang")),
        _getal(found.get("Budget")),
        element,
        _kinderen(element, found, houden),
    )


def read_jw301(root: Element) -> JW301:
    """Read a JW301 (schema-valid, or one of ours still being judged)."""
    top = fields(root)
    header = read_header(top["Header"])
    client = top.get("Client")
    if client is None:
        return JW301(header, None)
    found = fields(client)
    geboortedatum = found.get("Geboortedatum")
    communicatie = found.get("Communicatie")
    if communicatie is None:
        taal = None
    else:
        children = fields(communicatie)
        taal = Communicatie(
            _tekst(children.get("Vorm")),
            _tekst(children.get("Taal")),
            communicatie,
            _kinderen(communicatie, children),
        )
    contactgegevens = found.get("Contactgegevens")
    gelezen = Client301(
        _tekst(found.get("Bsn")),
        _geboortedatum(geboortedatum) if geboortedatum is not None else None,
        _volledige_naam(found.get("Naam")),
        taal,
        _lijst(_relatie, found.get("Relaties")),
        contactgegevens,
        _lijst(_contact, contactgegevens),
        _lijst(_toegewezen, found.get("ToegewezenProducten")),
        client,
        _kinderen(client, found),
    )
    return JW301(header, gelezen, _gelezen301(gelezen))


def _gelezen301(client: Client301) -> dict[Element, dict[str, Element]]:
    """The children each class of a JW301 view read, by its element."""
    klassen: list[_Gelezen] = [client]
    if client.naam is not None:
        klassen.append(client.naam)
    if client.communicatie is not None:
        klassen.append(client.communicatie)
    contacten = list(client.contacten)
    for relatie in client.relaties:
        klassen.append(relatie)
        if relatie.naam is not None:
            klassen.append(relatie.naam)
        if relatie.contact is not None:
            contacten.append(relatie.contact)
    gelezen = _gelezen(klassen, contacten, client.producten)
    for contact in contacten:
        if contact.periode is not None and contact.periode.kinderen is not None:
            gelezen[contact.periode.element] = contact.periode.kinderen
        adres = contact.adres
        if adres is not None and adres.kinderen is not None:
            gelezen[adres.element] = adres.kinderen
            if adres.huis is not None and adres.huis_kinderen is not None:
                gelezen[adres.huis] = adres.huis_kinderen
    return gelezen


# --- JW319 Antwoordbericht -------------------------------------------------------------------


@dataclass(slots=True)
class Antwoord:
    """Our answer to one VOT or VOW; `woonplaatsbeginsel` holds each Woonplaatsbeginsel class."""

    referentie_aanbieder: str | None
    verzoek_antwoord: str | None
    reden_afwijzing_verzoek: str | None
    woonplaatsbeginsel: tuple[Woonplaatsbeginsel, ...]
    element: Element = _element_field()
    kinderen: dict[str, Element] | None = _kinderen_field()

    @property
    def reden_element(self) -> Element | None:
        """The RedenAfwijzingVerzoek element, for a location."""
        return fields(self.element).get("RedenAfwijzingVerzoek")


@dataclass(slots=True)
class Woonplaatsbeginsel:
    """The gemeente responsible under the woonplaatsbeginsel (with reden 8)."""

    gemeente: str | None
    element: Element = _element_field()
    kinderen: dict[str, Element] | None = _kinderen_field()


@dataclass(slots=True)
class JW319:
    """Antwoordbericht; the schema allows one Antwoord, a tree being judged may hold more."""

    header: Header
    antwoorden: tuple[Antwoord, ...]
    gelezen: dict[Element, dict[str, Element]] = _gelezen_field()


def _antwoord(element: Element, houden: bool = True) -> Antwoord:
    found = fields(element)
    enkel = len(found) == len(element)  # no name repeats
    beginselen: tuple[Woonplaatsbeginsel, ...] = ()
    beginsel = found.get("Woonplaatsbeginsel")
    if beginsel is not None:
        if enkel:  # this is the only one
            beginselen = (_woonplaatsbeginsel(beginsel, houden),)
        else:
            beginselen = tuple(
                _woonplaatsbeginsel(b, houden)
                for b in element
                if b.tag.__class__ is str and b.tag.endswith("}Woonplaatsbeginsel")
            )
    # Texts inline, not through `_tekst`: this runs for every JW319 we send.
    referentie = found.get("ReferentieAanbieder")
    verzoek = found.get("VerzoekAntwoord")
    reden = found.get("RedenAfwijzingVerzoek")
    return Antwoord(
        None if referentie is None or not (t := referentie.text) else t.strip() or None,
        None if verzoek is None or not (t := verzoek.text) else t.strip() or None,
        None if reden is None or not (t := reden.text) else t.strip() or None,
        beginselen,
        element,
        None if not houden else found if enkel else children_by_name(element),
    )


def _woonplaatsbeginsel(element: Element, houden: bool = True) -> Woonplaatsbeginsel:
    found = fields(element)
    gemeente = found.get("Gemeente")
    tekst = None if gemeente is None or not (t := gemeente.text) else t.strip() or None
    return Woonplaatsbeginsel(tekst, element, _kinderen(element, found, houden))


def read_jw319(root: Element) -> JW319:
    """Read a JW319 (schema-valid, or one of ours still being judged)."""
    # By position: the schema puts the Antwoord classes after the Header.
    header, *elements = _each(root)
    if len(elements) == 1:  # as the schema has it: one Antwoord
        antwoord = _antwoord(elements[0])
        return JW319(read_header(header), (antwoord,), _gelezen319(antwoord))
    houden = len(elements) <= _HOUDEN
    antwoorden = tuple(_antwoord(a, houden) for a in elements)
    beginselen = [b for a in antwoorden for b in a.woonplaatsbeginsel]
    return JW319(read_header(header), antwoorden, _gelezen(antwoorden, beginselen))


def _gelezen319(antwoord: Antwoord) -> dict[Element, dict[str, Element]]:
    """The children an Antwoord and its Woonplaatsbeginsels read, by element."""
    gelezen = {}
    if antwoord.kinderen is not None:
        gelezen[antwoord.element] = antwoord.kinderen
    for beginsel in antwoord.woonplaatsbeginsel:
        if beginsel.kinderen is not None:
            gelezen[beginsel.element] = beginsel.kinderen
    return gelezen


View = JW301 | JW319 | JW315 | JW317 | JW305 | JW307 | JW302 | JW320
"""Any typed message view."""

READERS: dict[str, Callable[[Element], View]] = {
    "JW301": read_jw301,
    "JW319": read_jw319,
    "JW315": read_jw315,
    "JW317": read_jw317,
    "JW305": read_jw305,
    "JW307": read_jw307,
    "JW302": read_jw302,
    "JW320": read_jw320,
}
"""Typed readers by message type; every other type has only its header read."""
