"""The Cliënt page: find a client by BSN, see its timeline, and act on its toewijzingen.

A URL never holds a BSN: the search form posts it and the page is reached by the client's
opaque reference in one gemeente (`client_referentie`). Every page calls the services the
JSON API calls; a client of another gemeente is not found (404).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from lxml import etree
from sqlalchemy.orm import Session

from app.access.toegang import Rol
from app.clienten import service as clientgegevens
from app.clienten.service import Clientgegevens, ClientgegevensOngeldig
from app.clock import as_utc, date_of
from app.decisions.context import VooroverlegKind
from app.ijw.productcodes import CATEGORIEEN
from app.ijw.views import Omvang, Product
from app.inzage import service as inzage
from app.inzage.service import Client, Toewijzing
from app.outbox.service import OutgoingInvalid
from app.problem import Problem
from app.toewijzingen.client import ClientgegevensOntbreken
from app.toewijzingen.rij import toewijzing_verwijderd
from app.toewijzingen.service import GemeenteToewijzingen, NieuweToewijzing
from app.toewijzingen.standaard import Standaard, standaarden
from app.verwijzingen import service as verwijzingen
from app.vooroverleg import service as vooroverleg
from app.web import codes
from app.web.bsn import bsn_getoond, gemaskeerd
from app.web.formulier import Formulier, gepost
from app.web.sessie import Medewerker, huidige_medewerker, vereist_csrf
from app.web.templates import render

if TYPE_CHECKING:
    from app.services import Services

router = APIRouter(prefix="/clienten")

NL = ZoneInfo("Europe/Amsterdam")
MedewerkerDep = Annotated[Medewerker, Depends(huidige_medewerker)]
Csrf = Depends(vereist_csrf)

CATEGORIE_OPTIES = {code: code for code in sorted(CATEGORIEEN)}
GEDAAN = {
    "clientgegevens": "De cliëntgegevens zijn vastgelegd.",
    "toewijzing": "De toewijzing is verstuurd.",
    "wijziging": "De wijziging van de toewijzing is verstuurd.",
    "verwijdering": "De toewijzing is verwijderd.",
    "vooroverleg": "Het vooroverleg is vastgelegd.",
    "verwijzing": "De verwijzing is vastgelegd.",
}
"""What the client page confirms after each action."""


def client_pagina_url(session: Session, gemeente: str, bsn: str, now: datetime) -> str:
    """The URL of the client's page in the gemeente (by its opaque reference, never the BSN)."""
    return f"/werkplek/clienten/{clientgegevens.pagina_referentie(session, gemeente, bsn, now)}"


# --- plumbing -----------------------------------------------------------------------------------


def _services(request: Request) -> Services:
    return request.app.state.services


@contextmanager
def _transactie(services: Services) -> Iterator[Session]:
    """One transaction, committed at the end of the block (SQLite: one writer at a time)."""
    with services.unit_of_work().begin() as session:
        yield session


def _pagina(
    request: Request,
    medewerker: Medewerker,
    template: str,
    context: dict[str, Any],
    status_code: int = 200,
) -> HTMLResponse:
    return render(request, template, context, status_code=status_code)


def _niet_gevonden(request: Request, medewerker: Medewerker) -> HTMLResponse:
    return _pagina(request, medewerker, "client_niet_gevonden.html", {}, status_code=404)


def _eigen_gemeenten(services: Services, medewerker: Medewerker) -> list[str]:
    """The gemeenten the worker may see that this deployment serves."""
    return sorted(set(medewerker.gemeenten) & set(services.settings.gemeenten))


@dataclass(frozen=True, slots=True)
class ClientRef:
    """The client a page is about: its reference, gemeente and BSN."""

    ref: str
    gemeente: str
    bsn: str


def _client(
    session: Session, services: Services, medewerker: Medewerker, ref: str
) -> ClientRef | None:
    """The client behind the reference, when it is of one of the worker's gemeenten."""
    if len(ref) > 32:
        return None
    found = clientgegevens.client_van(session, ref)
    if found is None or found.gemeente not in _eigen_gemeenten(services, medewerker):
        return None
    return ClientRef(found.ref, found.gemeente, found.bsn)


def _audit(
    services: Services,
    session: Session,
    medewerker: Medewerker,
    client: ClientRef,
    actie: str,
    wat: str,
) -> None:
    services.audit.record(
        session,
        medewerker,
        actie=actie,
        wat=wat,
        gelezen=[(client.bsn, client.gemeente)],
        now=services.clock.now(),
    )


def _naar_client(ref: str, *, gedaan: str, verstuurd: Sequence[int] = ()) -> RedirectResponse:
    query = urlencode([("gedaan", gedaan), *(("verstuurd", str(i)) for i in verstuurd)])
    return RedirectResponse(f"/werkplek/clienten/{ref}?{query}", status_code=303)


# --- finding a client ---------------------------------------------------------------------------


@router.get("", response_class=HTMLResponse)
def zoeken(request: Request, medewerker: MedewerkerDep) -> HTMLResponse:
    """The search form: a BSN and, for a worker of several gemeenten, the gemeente."""
    services = _services(request)
    return _pagina(
        request,
        medewerker,
        "client_zoeken.html",
        {"formulier": Formulier(), "gemeenten": _eigen_gemeenten(services, medewerker)},
    )


@router.post("", response_class=HTMLResponse, dependencies=[Csrf])
async def gezocht(request: Request, medewerker: MedewerkerDep) -> Response:
    """Go to the client's page by its reference; the BSN stays out of every URL."""
    services = _services(request)
    gemeenten = _eigen_gemeenten(services, medewerker)
    formulier = await gepost(request)
    bsn = formulier.bsn()
    gemeente = formulier.keuze("gemeente", "de gemeente", {g: g for g in gemeenten})
    if bsn is None or gemeente is None:
        return _pagina(
            request,
            medewerker,
            "client_zoeken.html",
            {"formulier": formulier, "gemeenten": gemeenten},
            status_code=422,
        )
    with _transactie(services) as session:
        url = client_pagina_url(session, gemeente, bsn, services.clock.now())
    return RedirectResponse(url, status_code=303)


# --- the client page ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Gebeurtenis:
    """One line of the timeline."""

    moment: datetime
    soort: str
    wat: str
    details: str
    volgorde: int
    """The id of the message behind it: what happened at one moment, in the order it did."""
    verwijzing: str = ""
    """For a request: the query that fills the referral form with its aanbieder and reference."""


def _moment(value: datetime) -> datetime:
    return as_utc(value).astimezone(NL)


def omvang_tekst(volume: int | None, eenheid: str | None, frequentie: str | None) -> str:
    """An Omvang as a worker reads it: '4680 minuten totaal binnen de geldigheidsduur'."""
    if volume is None:
        return "geen omvang"
    return (
        f"{volume} {codes.EENHEID.get(eenheid or '', eenheid or '')} "
        f"{codes.FREQUENTIE.get(frequentie or '', frequentie or '')}"
    ).strip()


def _periode(ingang: date | None, eind: date | None) -> str:
    if ingang is None:
        return ""
    return f"{ingang.isoformat()} t/m {eind.isoformat() if eind else '(geen einddatum)'}"


def _product(categorie: str | None, code: str | None) -> str:
    if categorie is None:
        return "geen product"
    return f"{categorie} {code}" if code else f"categorie {categorie}"


NOG_NIET = 2**63
"""Sorts a version not yet sent after everything sent at its moment."""


def tijdlijn(dossier: inzage.ClientDossier) -> list[Gebeurtenis]:
    """Requests, decisions, JW301 versions, starts and stops, in the order they happened."""
    items: list[Gebeurtenis] = []
    for verzoek in dossier.verzoeken:
        product = _product(verzoek.categorie, verzoek.code) if verzoek.soort == "VOT" else ""
        items.append(
            Gebeurtenis(
                _moment(verzoek.received_at),
                "JW315" if verzoek.soort == "VOT" else "JW317",
                f"Verzoek {verzoek.referentie_aanbieder} van aanbieder {verzoek.aanbieder}",
                "; ".join(
                    part
                    for part in (
                        product,
                        _periode(verzoek.ingangsdatum_date, verzoek.einddatum_date),
                        omvang_tekst(verzoek.volume, verzoek.eenheid, verzoek.frequentie)
                        if verzoek.volume is not None
                        else "",
                        f"status: {codes.VERZOEK_STATUS.get(verzoek.status, verzoek.status)}",
                    )
                    if part
                ),
                verzoek.bericht_id,
                urlencode(
                    {
                        "aanbieder": verzoek.aanbieder,
                        "referentie_aanbieder": verzoek.referentie_aanbieder,
                    }
                ),
            )
        )
        for beslissing in dossier.beslissingen.get(verzoek.id, []):
            bericht = dossier.berichten.get(beslissing.bericht_id or 0)
            antwoord = f"; antwoord {bericht.type} {bericht.identificatie}" if bericht else ""
            items.append(
                Gebeurtenis(
                    _moment(beslissing.besloten_at),
                    "Besluit",
                    f"Besluit over verzoek {verzoek.referentie_aanbieder}: {beslissing.uitkomst}",
                    f"regel {beslissing.regel}, door {beslissing.besloten_door}{antwoord}",
                    beslissing.bericht_id or verzoek.bericht_id,
                )
            )
    for verloop in dossier.toewijzingen:
        row = verloop.toewijzing
        for versie, identificatie in verloop.versies:
            reden = versie.reden_wijziging
            items.append(
                Gebeurtenis(
                    _moment(versie.created_at),
                    "JW301",
                    f"Toewijzing {row.nummer} versie {versie.versie}"
                    + (f" ({codes.REDEN_WIJZIGING_ALLE.get(reden, reden)})" if reden else ""),
                    "; ".join(
                        part
                        for part in (
                            _product(versie.categorie, versie.code),
                            _periode(versie.ingangsdatum_date, versie.einddatum_date),
                            omvang_tekst(versie.volume, versie.eenheid, versie.frequentie),
                            f"JW301 {identificatie}" if identificatie else "nog niet verstuurd",
                            f"door {versie.besloten_door}" if versie.besloten_door else "",
                        )
                        if part
                    ),
                    versie.bericht_id or NOG_NIET,
                )
            )
        for start, identificatie in verloop.starts:
            items.append(
                Gebeurtenis(
                    _moment(start.received_at),
                    "JW305",
                    f"Start zorg op toewijzing {row.nummer}",
                    f"begindatum {start.begindatum_date.isoformat()}; JW305 {identificatie}"
                    + ("; verwijderd" if start.status != "actief" else ""),
                    start.bericht_id,
                )
            )
        for stop, identificatie in verloop.stops:
            items.append(
                Gebeurtenis(
                    _moment(stop.received_at),
                    "JW307",
                    f"Stop zorg op toewijzing {row.nummer}",
                    f"einddatum {stop.einddatum_date.isoformat()}, reden "
                    f"{codes.REDEN_BEEINDIGING.get(stop.reden_beeindiging, stop.reden_beeindiging)}"
                    f"; JW307 {identificatie}"
                    + ("; verwijderd" if stop.status != "actief" else ""),
                    stop.bericht_id,
                )
            )
    return sorted(items, key=lambda item: (item.moment, item.volgorde))


@dataclass(frozen=True, slots=True)
class VerstuurdBericht:
    """An outgoing message just sent, as the page shows it after an action."""

    type: str
    identificatie: str
    aanbieder: str
    status: str
    producten: list[dict[str, str]]
    xml: str


def _verstuurd(session: Session, client: ClientRef, ids: list[int]) -> list[VerstuurdBericht]:
    """The outbox messages asked for, only those about this client in this gemeente."""
    rows = inzage.verstuurd_aan_client(session, ids, client.gemeente, client.bsn)
    found = []
    for bericht, status in rows:
        root = etree.fromstring(bericht.xml)
        for bsn in root.iter("{*}Bsn"):
            bsn.text = gemaskeerd(bsn.text)
        producten = [
            {
                etree.QName(leaf).localname: leaf.text or ""
                for leaf in product.iter()
                if len(leaf) == 0 and isinstance(leaf.tag, str)
            }
            for product in root.iter("{*}ToegewezenProduct")
        ]
        found.append(
            VerstuurdBericht(
                type=bericht.type,
                identificatie=bericht.identificatie,
                aanbieder=bericht.ontvanger,
                status=status,
                producten=producten,
                xml=etree.tostring(root, pretty_print=True, encoding="unicode"),
            )
        )
    return found


def _naam(client: Client | None) -> str | None:
    """The client's name as a letter would address it: S. Jansen."""
    if client is None:
        return None
    return " ".join(
        part for part in (client.voorletters, client.voorvoegsel, client.achternaam) if part
    )


@router.get("/{ref}", response_class=HTMLResponse)
def client_pagina(request: Request, ref: str, medewerker: MedewerkerDep) -> HTMLResponse:
    """The client's timeline, data, toewijzingen and actions; the read is audited."""
    return _client_pagina(request, ref, medewerker, toon_bsn=False)


@router.post("/{ref}", response_class=HTMLResponse, dependencies=[Csrf])
def client_pagina_met_bsn(request: Request, ref: str, medewerker: MedewerkerDep) -> HTMLResponse:
    """The client page with the BSN shown whole once ('Toon BSN'); audited as such."""
    return _client_pagina(request, ref, medewerker, toon_bsn=True)


def _client_pagina(
    request: Request, ref: str, medewerker: Medewerker, *, toon_bsn: bool
) -> HTMLResponse:
    services = _services(request)
    verstuurd_ids = [
        int(value)
        for value in request.query_params.getlist("verstuurd")
        if value.isdigit() and len(value) < 19
    ]
    gedaan = GEDAAN.get(request.query_params.get("gedaan", ""))
    with _transactie(services) as session:
        client = _client(session, services, medewerker, ref)
        if client is None:
            return _niet_gevonden(request, medewerker)
        dossier = inzage.client_dossier(
            session,
            services.audit,
            medewerker,
            client.gemeente,
            client.bsn,
            actie="GET /werkplek/clienten/{ref}",
            now=services.clock.now(),
        )
        if toon_bsn:
            bsn_getoond(
                services.audit,
                session,
                medewerker,
                bsn=client.bsn,
                gemeente=client.gemeente,
                pagina="/werkplek/clienten/{ref}",
                wat=f"cliëntpagina in gemeente {client.gemeente}",
                now=services.clock.now(),
            )
        verstuurd = _verstuurd(session, client, verstuurd_ids)
        today = date_of(services.clock.now())
        rule_set = services.rule_sets.rule_set_for(client.gemeente)
        return _pagina(
            request,
            medewerker,
            "client.html",
            {
                "ref": ref,
                "client": client,
                "bsn_getoond": toon_bsn,
                "dossier": dossier,
                "naam": _naam(dossier.client),
                "tijdlijn": tijdlijn(dossier),
                "verstuurd": verstuurd,
                "gedaan": gedaan,
                "vandaag": today,
                "standaarden": standaarden(rule_set),
                "verwijderd": toewijzing_verwijderd,
                "omvang": omvang_tekst,
                "codes": codes,
            },
        )


# --- client data --------------------------------------------------------------------------------


def _contact_waarden(contacten: list[dict[str, Any]] | None) -> dict[str, str]:
    """The form's values for the first stored contact."""
    if not contacten:
        return {"soort": "01", "landcode": "NL"}
    contact = contacten[0]
    adres = contact.get("adres") or {}
    telefoon = (contact.get("telefoon") or [{}])[0]
    waarden = {
        "soort": contact.get("soort", "01"),
        "straatnaam": adres.get("straatnaam"),
        "huisnummer": adres.get("huisnummer"),
        "huisletter": adres.get("huisletter"),
        "huisnummer_toevoeging": adres.get("huisnummer_toevoeging"),
        "postcode": adres.get("postcode"),
        "plaatsnaam": adres.get("plaatsnaam"),
        "landcode": adres.get("landcode") or "NL",
        "telefoon": telefoon.get("nummer"),
        "emailadres": contact.get("emailadres"),
    }
    return {naam: str(waarde) for naam, waarde in waarden.items() if waarde is not None}


@router.get("/{ref}/clientgegevens", response_class=HTMLResponse)
def clientgegevens_formulier(request: Request, ref: str, medewerker: MedewerkerDep) -> HTMLResponse:
    """The client data form, filled with what is known; the read is audited."""
    services = _services(request)
    with _transactie(services) as session:
        client = _client(session, services, medewerker, ref)
        if client is None:
            return _niet_gevonden(request, medewerker)
        bekend = inzage.bekende_client(session, client.gemeente, client.bsn)
        formulier = Formulier()
        if bekend is not None:
            _audit(
                services,
                session,
                medewerker,
                client,
                "GET /werkplek/clienten/{ref}/clientgegevens",
                f"cliëntgegevens in gemeente {client.gemeente}",
            )
            persoon = {
                "achternaam": bekend.achternaam,
                "voorvoegsel": bekend.voorvoegsel,
                "voornamen": bekend.voornamen,
                "voorletters": bekend.voorletters,
                "geboortedatum": bekend.geboortedatum_date.isoformat(),
                "geslacht": bekend.geslacht,
            }
            formulier.waarden = {k: v for k, v in persoon.items() if v is not None}
            formulier.waarden.update(_contact_waarden(bekend.contacten))
        else:
            formulier.waarden = _contact_waarden(None)
        return _pagina(
            request,
            medewerker,
            "client_gegevens.html",
            {"ref": ref, "client": client, "formulier": formulier, "codes": codes},
        )


def _lees_clientgegevens(
    formulier: Formulier,
    client: ClientRef,
    bestaande: list[dict[str, Any]] | None,
    vandaag: date,
) -> Clientgegevens | None:
    achternaam = formulier.tekst("achternaam", "de achternaam", verplicht=True, maximaal=200)
    voorvoegsel = formulier.tekst("voorvoegsel", "het voorvoegsel", maximaal=10)
    voornamen = formulier.tekst("voornamen", "de voornamen", maximaal=200)
    voorletters = formulier.tekst("voorletters", "de voorletters", maximaal=6)
    geboortedatum = formulier.datum("geboortedatum", "de geboortedatum")
    if geboortedatum is not None and geboortedatum > vandaag:
        formulier.fout("geboortedatum", "De geboortedatum ligt in de toekomst.")
    geslacht = formulier.keuze("geslacht", "het geslacht", codes.GESLACHT)
    soort = formulier.keuze("soort", "de soort adres", codes.SOORT_CONTACT)
    straatnaam = formulier.tekst("straatnaam", "de straatnaam", maximaal=80)
    huisnummer = formulier.geheel(
        "huisnummer", "het huisnummer", minimaal=0, maximaal=99999, verplicht=False
    )
    huisletter = formulier.tekst(
        "huisletter", "de huisletter", maximaal=1, patroon="[A-Za-z]", uitleg="één letter"
    )
    toevoeging = formulier.tekst("huisnummer_toevoeging", "de toevoeging", maximaal=4)
    landcode = formulier.tekst(
        "landcode",
        "de landcode",
        maximaal=2,
        patroon="[A-Z]{2}",
        uitleg="twee hoofdletters, bijv. NL",
    )
    if landcode in (None, "NL"):
        postcode = formulier.tekst(
            "postcode",
            "de postcode",
            maximaal=10,
            patroon="[1-9][0-9]{3}[A-Z]{2}",
            uitleg="vier cijfers en twee hoofdletters zonder spatie, bijv. 7511AB",
        )
    else:
        postcode = formulier.tekst("postcode", "de postcode", maximaal=10)
    plaatsnaam = formulier.tekst("plaatsnaam", "de plaatsnaam", maximaal=80)
    telefoon = formulier.tekst(
        "telefoon",
        "het telefoonnummer",
        maximaal=15,
        patroon="[0-9]{1,15}",
        uitleg="alleen cijfers, bijv. 0534811234",
    )
    email = formulier.tekst(
        "emailadres",
        "het e-mailadres",
        maximaal=80,
        patroon=r"[^@\s]+@[^@\s]+",
        uitleg="bijv. naam@voorbeeld.nl",
    )
    if (huisletter or toevoeging) and huisnummer is None and "huisnummer" not in formulier.fouten:
        formulier.fout("huisnummer", "Vul het huisnummer in bij een huisletter of toevoeging.")
    adres_compleet = huisnummer is not None and postcode is not None
    if (
        not adres_compleet
        and telefoon is None
        and not formulier.fouten.keys()
        & {
            "huisnummer",
            "postcode",
            "telefoon",
        }
    ):
        # TR006: a contact needs a telephone number or an address with a house number and postcode.
        formulier.fout(
            "huisnummer",
            "Vul een adres met huisnummer en postcode in, of een telefoonnummer.",
        )
    if not formulier.geldig:
        return None
    assert achternaam and geboortedatum and geslacht and soort
    adres = {
        "straatnaam": straatnaam,
        "huisnummer": huisnummer,
        "huisletter": huisletter,
        "huisnummer_toevoeging": toevoeging,
        "postcode": postcode,
        "plaatsnaam": plaatsnaam,
        "landcode": landcode,
    }
    contact: dict[str, Any] = {"soort": soort}
    if any(value is not None for value in adres.values()):
        contact["adres"] = {k: v for k, v in adres.items() if v is not None}
    if telefoon:
        contact["telefoon"] = [{"nummer": telefoon, "landnummer": "0031"}]
    if email:
        contact["emailadres"] = email
    # The form edits one contact; the client's contacts of other kinds stay as they were.
    overige = [c for c in bestaande or [] if c.get("soort") != soort]
    return Clientgegevens(
        gemeente=client.gemeente,
        bsn=client.bsn,
        geboortedatum=geboortedatum,
        geslacht=geslacht,
        achternaam=achternaam,
        voorvoegsel=voorvoegsel,
        voornamen=voornamen,
        voorletters=voorletters,
        contacten=[contact, *overige],
    )


@router.post("/{ref}/clientgegevens", response_class=HTMLResponse, dependencies=[Csrf])
async def clientgegevens_vastleggen(
    request: Request, ref: str, medewerker: MedewerkerDep
) -> Response:
    """Record the client's data; sends the JW301s that waited for it."""
    services = _services(request)
    formulier = await gepost(request)
    client: ClientRef | None = None
    regels: list[str] = []
    try:
        with _transactie(services) as session:
            client = _client(session, services, medewerker, ref)
            if client is None:
                return _niet_gevonden(request, medewerker)
            bekend = inzage.bekende_client(session, client.gemeente, client.bsn)
            gegevens = _lees_clientgegevens(
                formulier,
                client,
                bekend.contacten if bekend else None,
                date_of(services.clock.now()),
            )
            if gegevens is not None:
                sent = clientgegevens.vastleggen(
                    session,
                    gegevens,
                    jw301=services.jw301,
                    verzoeken=services.verzoeken,
                    now=services.clock.now(),
                )
                return _naar_client(ref, gedaan="clientgegevens", verstuurd=sent)
    except ClientgegevensOngeldig as ongeldig:
        regels = [f"{issue.code}: {issue.message}" for issue in ongeldig.issues]
    return _pagina(
        request,
        medewerker,
        "client_gegevens.html",
        {
            "ref": ref,
            "client": client,
            "formulier": formulier,
            "codes": codes,
            "melding": "Een JW301 kan deze gegevens niet dragen; er is niets opgeslagen."
            if regels
            else None,
            "regels": regels,
        },
        status_code=422,
    )


# --- toewijzingen: a direct grant, a change, a deletion ------------------------------------------


def _weigering(fout: Exception) -> tuple[str, list[str]]:
    """A refused change as the form shows it above its fields: a sentence and the rules broken."""
    if isinstance(fout, ClientgegevensOntbreken):
        return (
            "Van deze cliënt zijn geen Contactgegevens bekend; een JW301 heeft ze nodig. "
            "Leg eerst de cliëntgegevens vast. Er is niets verstuurd.",
            [],
        )
    if isinstance(fout, OutgoingInvalid):
        return (
            "De JW301 die hiervoor nodig is voldoet niet aan de regels van de standaard; "
            "er is niets opgeslagen.",
            [f"{issue.code}: {issue.message}" for issue in fout.issues] or fout.problems,
        )
    if isinstance(fout, Problem):
        return (f"{fout.title}: {fout.detail}", [])
    raise fout


_WEIGERINGEN = (Problem, ClientgegevensOntbreken, OutgoingInvalid)


def _standaard(services: Services, gemeente: str, code: str | None) -> Standaard | None:
    rule_set = services.rule_sets.rule_set_for(gemeente)
    return next((s for s in standaarden(rule_set) if s.product.code == code), None)


@router.get("/{ref}/toewijzing", response_class=HTMLResponse)
def toewijzing_formulier(
    request: Request, ref: str, medewerker: MedewerkerDep, standaard: str | None = None
) -> HTMLResponse:
    """A direct toewijzing; with `standaard` the rule set's product, volume and months filled."""
    services = _services(request)
    with _transactie(services) as session:
        client = _client(session, services, medewerker, ref)
        if client is None:
            return _niet_gevonden(request, medewerker)
    formulier = Formulier()
    vandaag = date_of(services.clock.now())
    formulier.waarden["ingangsdatum"] = vandaag.isoformat()
    gekozen = _standaard(services, client.gemeente, standaard)
    if gekozen is not None:
        omvang = gekozen.omvang()
        formulier.waarden.update(
            categorie=gekozen.product.categorie,
            code=gekozen.product.code or "",
            einddatum=gekozen.einddatum(vandaag).isoformat(),
            volume=str(omvang.volume),
            eenheid=omvang.eenheid,
            frequentie=omvang.frequentie,
        )
    return _toewijzing_pagina(request, medewerker, ref, client, formulier, gekozen)


def _toewijzing_pagina(
    request: Request,
    medewerker: Medewerker,
    ref: str,
    client: ClientRef,
    formulier: Formulier,
    gekozen: Standaard | None,
    *,
    melding: str | None = None,
    regels: Sequence[str] = (),
    status_code: int = 200,
) -> HTMLResponse:
    services = _services(request)
    return _pagina(
        request,
        medewerker,
        "client_toewijzing.html",
        {
            "ref": ref,
            "client": client,
            "formulier": formulier,
            "gekozen": gekozen,
            "standaarden": standaarden(services.rule_sets.rule_set_for(client.gemeente)),
            "categorieen": CATEGORIE_OPTIES,
            "codes": codes,
            "melding": melding,
            "regels": regels,
        },
        status_code=status_code,
    )


def _lees_omvang(formulier: Formulier) -> Omvang | None:
    """Volume, Eenheid and Frequentie: all three, or none."""
    gegeven = [formulier.waarden.get(n) for n in ("volume", "eenheid", "frequentie")]
    if not any(gegeven):
        return None
    volume = formulier.geheel("volume", "het volume", minimaal=1, maximaal=99_999_999)
    eenheid = formulier.keuze("eenheid", "de eenheid", codes.EENHEID)
    frequentie = formulier.keuze("frequentie", "de frequentie", codes.FREQUENTIE)
    if volume is None or eenheid is None or frequentie is None:
        return None
    return Omvang(volume, eenheid, frequentie)


@router.post("/{ref}/toewijzing", response_class=HTMLResponse, dependencies=[Csrf])
async def toewijzen(request: Request, ref: str, medewerker: MedewerkerDep) -> Response:
    """Grant a toewijzing without a request and send it in a JW301."""
    services = _services(request)
    formulier = await gepost(request)
    aanbieder = formulier.code("aanbieder", "de AGB-code van de aanbieder", 8)
    categorie = formulier.keuze("categorie", "de productcategorie", CATEGORIE_OPTIES)
    code = formulier.tekst(
        "code",
        "de productcode",
        maximaal=5,
        patroon="[0-9A-Za-z]{1,5}",
        uitleg="ten hoogste 5 letters of cijfers",
    )
    ingang = formulier.datum("ingangsdatum", "de ingangsdatum")
    eind = formulier.datum("einddatum", "de einddatum", verplicht=False)
    if ingang and eind and eind < ingang:
        formulier.fout("einddatum", "De einddatum ligt voor de ingangsdatum.")
    omvang = _lees_omvang(formulier)
    client: ClientRef | None = None
    try:
        with _transactie(services) as session:
            client = _client(session, services, medewerker, ref)
            if client is None:
                return _niet_gevonden(request, medewerker)
            if formulier.geldig:
                assert aanbieder and categorie and ingang
                verstuurd = GemeenteToewijzingen(services.jw301).toewijzen(
                    session,
                    NieuweToewijzing(
                        gemeente=client.gemeente,
                        aanbieder=aanbieder,
                        bsn=client.bsn,
                        product=Product(categorie, code),
                        ingangsdatum=ingang,
                        einddatum=eind,
                        omvang=omvang,
                        budget=None,
                    ),
                    besloten_door=medewerker.gebruikersnaam,
                    now=services.clock.now(),
                )
                return _naar_client(ref, gedaan="toewijzing", verstuurd=[verstuurd.bericht_id])
    except _WEIGERINGEN as fout:
        assert client is not None
        melding, regels = _weigering(fout)
        return _toewijzing_pagina(
            request,
            medewerker,
            ref,
            client,
            formulier,
            None,
            melding=melding,
            regels=regels,
            status_code=409,
        )
    assert client is not None
    return _toewijzing_pagina(request, medewerker, ref, client, formulier, None, status_code=422)


def _toewijzing_van(session: Session, client: ClientRef, nummer: int) -> Toewijzing | None:
    """The client's toewijzing by number in its gemeente; another client's is not found."""
    return inzage.toewijzing_van_client(session, client.gemeente, client.bsn, nummer)


def _wijziging_pagina(
    request: Request,
    medewerker: Medewerker,
    ref: str,
    toewijzing: Toewijzing,
    formulier: Formulier,
    *,
    bevestigen: bool = False,
    melding: str | None = None,
    regels: Sequence[str] = (),
    status_code: int = 200,
) -> HTMLResponse:
    return _pagina(
        request,
        medewerker,
        "client_wijziging.html",
        {
            "ref": ref,
            "toewijzing": toewijzing,
            "formulier": formulier,
            "bevestigen": bevestigen,
            "codes": codes,
            "omvang": omvang_tekst,
            "melding": melding,
            "regels": regels,
        },
        status_code=status_code,
    )


@router.get("/{ref}/toewijzingen/{nummer}/wijziging", response_class=HTMLResponse)
def wijziging_formulier(
    request: Request, ref: str, nummer: int, medewerker: MedewerkerDep
) -> HTMLResponse:
    """A new Einddatum with its reason (shorten, end or lengthen)."""
    services = _services(request)
    with _transactie(services) as session:
        client = _client(session, services, medewerker, ref)
        row = _toewijzing_van(session, client, nummer) if client else None
        if row is None or toewijzing_verwijderd(row):
            return _niet_gevonden(request, medewerker)
        formulier = Formulier(
            {"einddatum": row.einddatum_date.isoformat() if row.einddatum_date else ""}
        )
        return _wijziging_pagina(request, medewerker, ref, row, formulier)


@router.post(
    "/{ref}/toewijzingen/{nummer}/wijziging", response_class=HTMLResponse, dependencies=[Csrf]
)
async def wijzigen(request: Request, ref: str, nummer: int, medewerker: MedewerkerDep) -> Response:
    """Check the change, ask to confirm it, and on confirmation send it in a JW301."""
    services = _services(request)
    formulier = await gepost(request)
    eind = formulier.datum("einddatum", "de nieuwe einddatum", verplicht=False)
    reden = formulier.keuze("reden_wijziging", "de reden van de wijziging", codes.REDEN_WIJZIGING)
    row: Toewijzing | None = None
    try:
        with _transactie(services) as session:
            client = _client(session, services, medewerker, ref)
            row = _toewijzing_van(session, client, nummer) if client else None
            if row is None or toewijzing_verwijderd(row):
                return _niet_gevonden(request, medewerker)
            if eind is not None and eind < row.ingangsdatum_date:
                formulier.fout(
                    "einddatum",
                    f"De nieuwe einddatum ligt voor de ingangsdatum "
                    f"{row.ingangsdatum_date.isoformat()}.",
                )
            elif formulier.geldig and eind == row.einddatum_date:
                formulier.fout("einddatum", "De toewijzing heeft deze einddatum al.")
            if not formulier.geldig:
                return _wijziging_pagina(request, medewerker, ref, row, formulier, status_code=422)
            if formulier.waarden.get("bevestigd") != "ja":
                return _wijziging_pagina(request, medewerker, ref, row, formulier, bevestigen=True)
            assert reden is not None
            verstuurd = GemeenteToewijzingen(services.jw301).wijzigen(
                session,
                row.gemeente,
                nummer,
                einddatum=eind,
                reden=reden,
                besloten_door=medewerker.gebruikersnaam,
                now=services.clock.now(),
            )
            return _naar_client(ref, gedaan="wijziging", verstuurd=[verstuurd.bericht_id])
    except _WEIGERINGEN as fout:
        assert row is not None
        melding, regels = _weigering(fout)
        with _transactie(services) as session:
            row = inzage.toewijzing_op_id(session, row.id)
            assert row is not None
            return _wijziging_pagina(
                request,
                medewerker,
                ref,
                row,
                formulier,
                melding=melding,
                regels=regels,
                status_code=409,
            )


@router.get("/{ref}/toewijzingen/{nummer}/verwijdering", response_class=HTMLResponse)
def verwijdering_bevestigen(
    request: Request, ref: str, nummer: int, medewerker: MedewerkerDep
) -> HTMLResponse:
    """Ask to confirm the deletion of a toewijzing."""
    services = _services(request)
    with _transactie(services) as session:
        client = _client(session, services, medewerker, ref)
        row = _toewijzing_van(session, client, nummer) if client else None
        if row is None or toewijzing_verwijderd(row):
            return _niet_gevonden(request, medewerker)
        return _verwijdering_pagina(request, medewerker, ref, row)


def _verwijdering_pagina(
    request: Request,
    medewerker: Medewerker,
    ref: str,
    row: Toewijzing,
    *,
    melding: str | None = None,
    regels: Sequence[str] = (),
    status_code: int = 200,
) -> HTMLResponse:
    return _pagina(
        request,
        medewerker,
        "client_verwijdering.html",
        {
            "ref": ref,
            "toewijzing": row,
            "omvang": omvang_tekst,
            "melding": melding,
            "regels": regels,
        },
        status_code=status_code,
    )


@router.post(
    "/{ref}/toewijzingen/{nummer}/verwijdering", response_class=HTMLResponse, dependencies=[Csrf]
)
def verwijderen(request: Request, ref: str, nummer: int, medewerker: MedewerkerDep) -> Response:
    """Delete the toewijzing (RedenWijziging 13) and send it in a JW301."""
    services = _services(request)
    row: Toewijzing | None = None
    try:
        with _transactie(services) as session:
            client = _client(session, services, medewerker, ref)
            row = _toewijzing_van(session, client, nummer) if client else None
            if row is None or toewijzing_verwijderd(row):
                return _niet_gevonden(request, medewerker)
            verstuurd = GemeenteToewijzingen(services.jw301).verwijderen(
                session,
                row.gemeente,
                nummer,
                besloten_door=medewerker.gebruikersnaam,
                now=services.clock.now(),
            )
            return _naar_client(ref, gedaan="verwijdering", verstuurd=[verstuurd.bericht_id])
    except _WEIGERINGEN as fout:
        assert row is not None
        melding, regels = _weigering(fout)
        with _transactie(services) as session:
            row = inzage.toewijzing_op_id(session, row.id)
            assert row is not None
            return _verwijdering_pagina(
                request, medewerker, ref, row, melding=melding, regels=regels, status_code=409
            )


# --- vooroverleg and verwijzing -----------------------------------------------------------------


def _eenvoudig(
    request: Request,
    medewerker: Medewerker,
    template: str,
    ref: str,
    client: ClientRef,
    formulier: Formulier,
    status_code: int = 200,
) -> HTMLResponse:
    return _pagina(
        request,
        medewerker,
        template,
        {
            "ref": ref,
            "client": client,
            "formulier": formulier,
            "codes": codes,
            "categorieen": CATEGORIE_OPTIES,
        },
        status_code=status_code,
    )


def _formulier_pagina(template: str) -> Callable[..., HTMLResponse]:
    def toon(request: Request, ref: str, medewerker: MedewerkerDep) -> HTMLResponse:
        services = _services(request)
        with _transactie(services) as session:
            client = _client(session, services, medewerker, ref)
        if client is None:
            return _niet_gevonden(request, medewerker)
        formulier = Formulier({k: v for k, v in request.query_params.items() if len(v) < 100})
        return _eenvoudig(request, medewerker, template, ref, client, formulier)

    toon.__doc__ = f"The empty form of {template}."
    return toon


router.add_api_route(
    "/{ref}/vooroverleg",
    _formulier_pagina("client_vooroverleg.html"),
    methods=["GET"],
    response_class=HTMLResponse,
)
router.add_api_route(
    "/{ref}/verwijzing",
    _formulier_pagina("client_verwijzing.html"),
    methods=["GET"],
    response_class=HTMLResponse,
)


@router.post("/{ref}/vooroverleg", response_class=HTMLResponse, dependencies=[Csrf])
async def vooroverleg_vastleggen(request: Request, ref: str, medewerker: MedewerkerDep) -> Response:
    """Record what was agreed with an aanbieder for this client (rule A3)."""
    services = _services(request)
    formulier = await gepost(request)
    aanbieder = formulier.code("aanbieder", "de AGB-code van de aanbieder", 8)
    categorie = formulier.keuze("categorie", "de productcategorie", CATEGORIE_OPTIES)
    code = formulier.tekst(
        "code",
        "de productcode",
        maximaal=5,
        patroon="[0-9A-Za-z]{1,5}",
        uitleg="ten hoogste 5 letters of cijfers",
    )
    minuten = formulier.geheel(
        "max_minuten", "het afgesproken aantal minuten", minimaal=1, maximaal=99_999_999
    )
    eind = formulier.datum("einddatum", "de afgesproken einddatum")
    soort = formulier.keuze("soort", "waarover het vooroverleg ging", codes.VOOROVERLEG_SOORT)
    with _transactie(services) as session:
        client = _client(session, services, medewerker, ref)
        if client is None:
            return _niet_gevonden(request, medewerker)
        if not formulier.geldig:
            return _eenvoudig(
                request, medewerker, "client_vooroverleg.html", ref, client, formulier, 422
            )
        assert aanbieder and categorie and minuten and eind and soort
        vooroverleg.vastleggen(
            session,
            vooroverleg.Akkoord(
                gemeente=client.gemeente,
                aanbieder=aanbieder,
                bsn=client.bsn,
                categorie=categorie,
                code=code,
                max_minuten=minuten,
                einddatum=eind,
                soort=VooroverlegKind(soort),
            ),
            vastgelegd_door=medewerker.gebruikersnaam,
            now=services.clock.now(),
        )
    return _naar_client(ref, gedaan="vooroverleg")


MEDISCH = frozenset({"02", "03", "04", "05"})
"""COD327 types that name an AGB code or a name (CD066/CD067)."""


@router.post("/{ref}/verwijzing", response_class=HTMLResponse, dependencies=[Csrf])
async def verwijzing_vastleggen(request: Request, ref: str, medewerker: MedewerkerDep) -> Response:
    """Record the referral letter behind a request of an aanbieder (rules A6/A7)."""
    services = _services(request)
    formulier = await gepost(request)
    aanbieder = formulier.code("aanbieder", "de AGB-code van de aanbieder", 8)
    referentie = formulier.tekst(
        "referentie_aanbieder",
        "de ReferentieAanbieder van het verzoek",
        verplicht=True,
        maximaal=36,
    )
    datum = formulier.datum("datum", "de datum van de verwijsbrief")
    soort = formulier.keuze("verwijzer_type", "het soort verwijzer", codes.VERWIJZER)
    zorgverlener = formulier.code(
        "zorgverlener_code", "de AGB-code van de verwijzer", 8, verplicht=False
    )
    verwijzer_naam = formulier.tekst("verwijzer_naam", "de naam van de verwijzer", maximaal=64)
    if (
        soort in MEDISCH
        and not zorgverlener
        and not verwijzer_naam
        and "zorgverlener_code" not in formulier.fouten
    ):
        formulier.fout(
            "zorgverlener_code",
            "Vul bij een huisarts, jeugdarts, gecertificeerde instelling of medisch specialist "
            "de AGB-code of de naam van de verwijzer in.",
        )
    with _transactie(services) as session:
        client = _client(session, services, medewerker, ref)
        if client is None:
            return _niet_gevonden(request, medewerker)
        if not formulier.geldig:
            return _eenvoudig(
                request, medewerker, "client_verwijzing.html", ref, client, formulier, 422
            )
        assert aanbieder and referentie and datum and soort
        verwijzingen.vastleggen(
            session,
            rol=Rol.GEMEENTE,
            key_id=None,
            gemeente=client.gemeente,
            aanbieder=aanbieder,
            referentie_aanbieder=referentie,
            datum=datum,
            verwijzer=verwijzingen.Verwijzer(soort, zorgverlener, verwijzer_naam),
            vastgelegd_door=medewerker.gebruikersnaam,
            now=services.clock.now(),
        )
    return _naar_client(ref, gedaan="verwijzing")
