"""The authorisation matrix: every endpoint, the roles it serves, own and someone else's data.

`bouw` builds one small world through the API, twice over: for the scoped keys' own side
(gemeente 0153, with 0363 for the region B contact moment, and aanbieder A) and for the
other side (gemeente 0164 and aanbieder B), which no scoped key of the tests may reach.
Each row of `MATRIX` names a route, the roles it serves, an own request with its answer,
and what a scoped key must get when it asks for the other side's data.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import func, select

from app.access import keys
from app.access.toegang import Rol
from app.declaraties import repository as declaraties
from app.outbox import repository as bezorging
from app.persistence.models import AuditEntry, Base, Outbox, Toewijzing, Verzoek
from tests.api.berichten import AGB, BSN, Aangevraagd, vot
from tests.api.flow import XML, client_bekend, post
from tests.keys import MADE_AT, sleutel

REGELSETS = Path(__file__).parents[1] / "decisions" / "scenarios" / "rulesets"
"""Twente (0153, 0164) as region A, Amsterdam (0363) as region B with its contact moment."""

EIGEN, REGIO_B, ANDER = "0153", "0363", "0164"
"""The scoped keys' own gemeente, the worker's region B one, and someone else's."""
AGB_A, AGB_B = AGB, "12345678"
"""The aanbieder key's own AGB code and another aanbieder's."""
BSN_A, BSN_B, BSN_C, BSN_NIEUW = BSN, "999900031", "999900043", "999900055"
"""Clients of A in 0153, of B in 0164, of A in 0363, and one the world has not seen."""
REF_A, REF_B = "REF-A", "REF-B"
"""The ReferentieAanbieder of A's request in 0153 and of B's in 0164."""

GEMEENTEN_VAN = {Rol.GEMEENTE: (EIGEN, REGIO_B), Rol.BEHEERDER: (EIGEN,)}
"""The gemeenten the tests' worker and administrator keys are bound to."""
AUDIT = frozenset({"audit_entry", "audit_client"})
"""Where a read of personal data is recorded."""

DAG = date(2026, 11, 16)
WIE = "j.devries"


# --- keys --------------------------------------------------------------------------------------


def sleutels(app) -> dict[Rol, str]:
    """One key per role, bound to the own side's AGB code and gemeenten."""
    return {rol: _sleutel(app, rol) for rol in Rol}


def ingetrokken(app, rol: Rol) -> str:
    """A key of the role, scoped as in `sleutels`, revoked before its first use."""
    key = _sleutel(app, rol)
    with app.state.services.sessionmaker.begin() as session:
        [revoked] = keys.revoke(session, key[: keys.SHOWN], MADE_AT)
    assert revoked.revoked_at is not None
    return key


def _sleutel(app, rol: Rol) -> str:
    agb = AGB_A if rol is Rol.AANBIEDER else None
    return sleutel(app, rol, agb=agb, gemeenten=GEMEENTEN_VAN.get(rol, ()))


# --- the world ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Wereld:
    """The ids of the data `bouw` made; the defaults name nothing (for refusals by key)."""

    verzoek_a: int = 1
    verzoek_b: int = 2
    toewijzing_a: int = 1
    toewijzing_b: int = 2
    toewijzing_regio_b: int = 3
    outbox_a: int = 1
    """A's JW319."""
    outbox_b: int = 2
    """B's JW319."""
    outbox_dood: int = 3
    """B's JW301, given up by the dispatcher."""
    audit_eigen: tuple[int, ...] = ()
    """Audit entries of reads of a 0153 client by a worker of 0153 only."""
    audit_ander: tuple[int, ...] = ()
    """Audit entries of reads of a 0164 client by a worker of 0164 only and by aanbieder B."""
    audit_gedeeld: tuple[int, ...] = ()
    """The audit entry of a werkvoorraad read of both sides by a worker of 0153 and 0164."""


def onderzoek(referentie: str, identificatie: str, *, bsn: str, aanbieder: str, gemeente: str):
    """A JW315 beyond rule A1's 6,000 minutes: it waits for a worker (JW319, onderzoek)."""
    product = Aangevraagd(referentie, date(2026, 12, 1), date(2027, 5, 31), omvang=(300, "01", "2"))
    return vot(identificatie, DAG, product, bsn=bsn, aanbieder=aanbieder, gemeente=gemeente)


def toewijzing_in(
    gemeente: str, *, bsn: str, aanbieder: str, ingang: date, eind: date, code: str = "54001"
) -> dict:
    """A direct toewijzing of 4,680 minutes of Jeugd-ggz over its whole period."""
    return {
        "gemeente": gemeente,
        "aanbieder": aanbieder,
        "bsn": bsn,
        "product": {"categorie": "54", "code": code},
        "ingangsdatum": ingang.isoformat(),
        "einddatum": eind.isoformat(),
        "omvang": {"volume": 4680, "eenheid": "01", "frequentie": "6"},
        "besloten_door": WIE,
    }


def vooroverleg_in(gemeente: str, *, bsn: str, aanbieder: str) -> dict:
    """An agreed maximum of 7,200 minutes of 45A48 until mid 2027."""
    return {
        "gemeente": gemeente,
        "aanbieder": aanbieder,
        "bsn": bsn,
        "product": {"categorie": "45", "code": "45A48"},
        "max_minuten": 7200,
        "einddatum": "2027-06-30",
        "soort": "initieel",
        "vastgelegd_door": WIE,
    }


def verwijzing_in(gemeente: str, aanbieder: str) -> dict:
    """A huisarts referral letter behind a request still to come."""
    return {
        "gemeente": gemeente,
        "aanbieder": aanbieder,
        "referentie_aanbieder": "REF-NIEUW",
        "datum": "2026-10-02",
        "verwijzer": {"type": "02", "zorgverlener_code": "01012345"},
        "vastgelegd_door": WIE,
    }


def clientgegevens_in(gemeente: str, bsn: str) -> dict:
    """A client's BRP data a JW301 can carry."""
    adres = {
        "huisnummer": 12,
        "postcode": "7511AB",
        "straatnaam": "Oude Markt",
        "plaatsnaam": "Enschede",
        "landcode": "NL",
    }
    return {
        "gemeente": gemeente,
        "bsn": bsn,
        "geboortedatum": "2014-06-09",
        "geslacht": "2",
        "naam": {"achternaam": "Jansen"},
        "contacten": [{"soort": "01", "adres": adres}],
        "vastgelegd_door": WIE,
    }


def bouw(app, client) -> Wereld:
    """Requests in onderzoek, toewijzingen with their signals, outbox, vooroverleggen, reads.

    `client` sends the shared keys: a broker's, and a worker's of every served gemeente.
    """
    for bsn, gemeente in ((BSN_A, EIGEN), (BSN_B, ANDER), (BSN_C, REGIO_B)):
        client_bekend(app, bsn=bsn, gemeente=gemeente)
    post(client, onderzoek(REF_A, "VOT-A", bsn=BSN_A, aanbieder=AGB_A, gemeente=EIGEN))
    post(client, onderzoek(REF_B, "VOT-B", bsn=BSN_B, aanbieder=AGB_B, gemeente=ANDER))
    # Running 13 months: the evaluation is owed and the extension notice window is open.
    looptijd = {"ingang": date(2026, 1, 1), "eind": date(2027, 2, 1)}
    toewijzing_a = _toewijzen(client, toewijzing_in(EIGEN, bsn=BSN_A, aanbieder=AGB_A, **looptijd))
    toewijzing_b = _toewijzen(client, toewijzing_in(ANDER, bsn=BSN_B, aanbieder=AGB_B, **looptijd))
    regio_b = {"ingang": date(2026, 11, 1), "eind": date(2027, 10, 31)}
    toewijzing_regio_b = _toewijzen(
        client, toewijzing_in(REGIO_B, bsn=BSN_C, aanbieder=AGB_A, **regio_b)
    )
    for gemeente, bsn, aanbieder in ((EIGEN, BSN_A, AGB_A), (ANDER, BSN_B, AGB_B)):
        body = vooroverleg_in(gemeente, bsn=bsn, aanbieder=aanbieder)
        assert client.post("/vooroverleggen", json=body).status_code == 201
    wereld = Wereld(
        verzoek_a=_in_onderzoek(app, REF_A),
        verzoek_b=_in_onderzoek(app, REF_B),
        toewijzing_a=toewijzing_a,
        toewijzing_b=toewijzing_b,
        toewijzing_regio_b=toewijzing_regio_b,
        outbox_a=_outbox(app, AGB_A, "JW319"),
        outbox_b=_outbox(app, AGB_B, "JW319"),
        outbox_dood=_outbox(app, AGB_B, "JW301"),
    )
    _geef_op(app, wereld.outbox_dood)
    _evaluatie_casus(app, EIGEN, toewijzing_a)
    eigen_lezer = sleutel(app, Rol.GEMEENTE, gemeenten=[EIGEN])
    andere_lezer = sleutel(app, Rol.GEMEENTE, gemeenten=[ANDER])
    beide_lezer = sleutel(app, Rol.GEMEENTE, gemeenten=[EIGEN, ANDER])
    aanbieder_b = sleutel(app, Rol.AANBIEDER, agb=AGB_B)
    return replace(
        wereld,
        audit_eigen=_gelezen(client, app, eigen_lezer, f"/verzoeken/{wereld.verzoek_a}"),
        audit_ander=_gelezen(client, app, andere_lezer, f"/verzoeken/{wereld.verzoek_b}")
        + _gelezen(client, app, aanbieder_b, f"/api/v1/verzoeken/{REF_B}")
        + _gelezen(client, app, aanbieder_b, f"/api/v1/toewijzingen?bsn={BSN_B}"),
        audit_gedeeld=_gelezen(client, app, beide_lezer, "/werkvoorraad"),
    )


def _evaluatie_casus(app, gemeente: str, nummer: int) -> None:
    """Draw a toewijzing for the evaluation, as `ijw evaluatie steekproef` would."""
    services = app.state.services
    with services.sessionmaker.begin() as session:
        toewijzing = session.scalar(
            select(Toewijzing).where(Toewijzing.gemeente == gemeente, Toewijzing.nummer == nummer)
        )
        declaraties.bewaar_casussen(session, gemeente, [toewijzing.id], 1, services.clock.now())


def _toewijzen(client, body: dict) -> int:
    response = client.post("/toewijzingen", json=body)
    assert response.status_code == 201, response.text
    return response.json()["toewijzing_nummer"]


def _in_onderzoek(app, referentie: str) -> int:
    with app.state.services.sessionmaker() as session:
        verzoek = session.scalar(select(Verzoek).where(Verzoek.referentie_aanbieder == referentie))
    assert verzoek.status == "in_onderzoek"
    return verzoek.id


def _outbox(app, aanbieder: str, type_: str) -> int:
    with app.state.services.sessionmaker() as session:
        return session.scalar(
            select(Outbox.id).where(Outbox.aanbieder == aanbieder, Outbox.type == type_)
        )


def _geef_op(app, outbox_id: int) -> None:
    """One failed round of the dispatcher, the last attempt for this message only."""
    services = app.state.services
    now = services.clock.now()
    with services.sessionmaker.begin() as session:
        for zending in bezorging.claim(session, now, now + timedelta(minutes=1), 100):
            pogingen = 1 if zending.outbox_id == outbox_id else 9
            bezorging.failed(
                session, zending, fout="HTTP 503", now=now, next_at=now, max_pogingen=pogingen
            )


def _gelezen(client, app, key: str, url: str) -> tuple[int, ...]:
    """Read personal data with this key; the audit entries the read made."""
    with app.state.services.sessionmaker() as session:
        last = session.scalar(select(func.max(AuditEntry.id))) or 0
    response = client.get(url, headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 200, response.text
    with app.state.services.sessionmaker() as session:
        made = tuple(session.scalars(select(AuditEntry.id).where(AuditEntry.id > last)))
    assert made, f"GET {url} was not audited"
    return made


def stand(app, *, behalve: frozenset[str] = frozenset()) -> dict[str, list[tuple]]:
    """Every row of every table but `behalve`: what a refused request must leave as it was."""
    with app.state.services.engine.connect() as connection:
        return {
            table.name: [
                tuple(row)
                for row in connection.execute(select(table).order_by(*table.primary_key.columns))
            ]
            for table in Base.metadata.sorted_tables
            if table.name not in behalve
        }


# --- rows --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Call:
    """One HTTP request, without its key."""

    method: str
    url: str
    params: dict | None = None
    json: dict | None = None
    content: bytes | None = None
    headers: dict = field(default_factory=dict)


Check = Callable[[object, Wereld, Rol], None]
"""An assertion on a response, given the world it was asked of and the key's role."""


def geen_check(response, wereld: Wereld, rol: Rol) -> None:
    """Nothing beyond the status."""


@dataclass(frozen=True)
class Ander:
    """A scoped key asking for someone else's data, and the answer it must get."""

    call: Call
    status: int
    type: str | None = None
    check: Check = geen_check
    behalve: frozenset[str] = frozenset()
    """Tables the call may write to (the audit of a read, the receipt log of a refusal)."""


def niemand_anders(wereld: Wereld, rol: Rol) -> list[Ander]:
    """The role is not scoped here: there is no one else's data to ask for."""
    return []


@dataclass(frozen=True)
class Endpoint:
    """One row: the route, the roles it serves, an own request and its answer."""

    method: str
    path: str
    rollen: frozenset[Rol]
    eigen: Callable[[Wereld, Rol], Call]
    status: int
    check: Check = geen_check
    ander: Callable[[Wereld, Rol], list[Ander]] = niemand_anders

    @property
    def id(self) -> str:
        """The row's test id."""
        return f"{self.method} {self.path}"


def vast(method: str, url: str, **kwargs) -> Callable[[Wereld, Rol], Call]:
    """The same request whatever the world and role."""
    return lambda wereld, rol: Call(method, url, **kwargs)


# --- checks and other side's requests ------------------------------------------------------


def _json_items(response) -> list[dict]:
    body = response.json()
    return body["items"] if isinstance(body, dict) else body


def _csv_items(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.text)))


def _alleen_eigen_gemeenten(items: Callable) -> Check:
    """The list shows own data, and only of the key's gemeenten."""

    def check(response, wereld: Wereld, rol: Rol) -> None:
        gemeenten = {item["gemeente"] for item in items(response)}
        assert gemeenten, "the list shows no own data"
        assert gemeenten <= set(GEMEENTEN_VAN[rol]), gemeenten

    return check


def _lijst_ander(url: str, items: Callable) -> Callable[[Wereld, Rol], list[Ander]]:
    """A worker's list leaves 0164 out, and asking for 0164 by name is out of scope."""

    def zonder_0164(response, wereld: Wereld, rol: Rol) -> None:
        assert ANDER not in {item["gemeente"] for item in items(response)}

    def ander(wereld: Wereld, rol: Rol) -> list[Ander]:
        return [
            Ander(Call("GET", url), 200, check=zonder_0164, behalve=AUDIT),
            Ander(Call("GET", url, params={"gemeente": ANDER}), 403, "/problems/forbidden-scope"),
        ]

    return ander


def _buiten_scope(build: Callable[[Wereld], Call]) -> Callable[[Wereld, Rol], list[Ander]]:
    """A change for gemeente 0164: out of scope, nothing stored."""

    def ander(wereld: Wereld, rol: Rol) -> list[Ander]:
        return [Ander(build(wereld), 403, "/problems/forbidden-scope")]

    return ander


def _verzoek_b_onbekend(suffix: str, body: dict | None) -> Callable[[Wereld, Rol], list[Ander]]:
    """0164's request does not exist for a 0153 worker: 404, nothing stored."""

    def ander(wereld: Wereld, rol: Rol) -> list[Ander]:
        method = "GET" if body is None else "POST"
        call = Call(method, f"/verzoeken/{wereld.verzoek_b}{suffix}", json=body)
        return [Ander(call, 404, "/problems/verzoek-unknown")]

    return ander


def _is(value, expected) -> None:
    assert value == expected, value


def _bericht(wereld: Wereld, rol: Rol) -> Call:
    """A new request; the broker's of aanbieder B (it posts for any), the aanbieder's its own."""
    aanbieder = AGB_B if rol is Rol.BROKER else AGB_A
    body = onderzoek("REF-NIEUW", "VOT-NIEUW", bsn=BSN_NIEUW, aanbieder=aanbieder, gemeente=EIGEN)
    return Call("POST", "/berichten", content=body, headers=XML)


def _retour(response, wereld: Wereld, rol: Rol) -> None:
    """A JW316 without RetourCodes answers the accepted JW315."""
    assert response.headers["content-type"].startswith("application/xml")
    assert b"<jw316:Bericht" in response.content
    assert b"RetourCode" not in response.content


def _bericht_van_b(wereld: Wereld, rol: Rol) -> list[Ander]:
    """An aanbieder's key posting B's message: refused, no request stored (only the receipt)."""
    if rol is not Rol.AANBIEDER:
        return []
    body = onderzoek("REF-B2", "VOT-B2", bsn=BSN_NIEUW, aanbieder=AGB_B, gemeente=EIGEN)
    call = Call("POST", "/berichten", content=body, headers=XML)
    return [Ander(call, 403, "/problems/forbidden-afzender", behalve=frozenset({"ontvangst"}))]


def _outbox_van(response, wereld: Wereld, rol: Rol) -> None:
    """An aanbieder's key reads its own messages only; a broker's reads everyone's."""
    items = response.json()["items"]
    aanbieders = {item["aanbieder"] for item in items}
    ids = {item["id"] for item in items}
    if rol is Rol.AANBIEDER:
        assert aanbieders == {AGB_A}, aanbieders
        assert wereld.outbox_a in ids
    else:
        assert aanbieders == {AGB_A, AGB_B}, aanbieders
        assert {wereld.outbox_a, wereld.outbox_b, wereld.outbox_dood} <= ids


def _outbox_van_b(wereld: Wereld, rol: Rol) -> list[Ander]:
    if rol is not Rol.AANBIEDER:
        return []
    call = Call("GET", "/outbox", params={"aanbieder": AGB_B})
    return [Ander(call, 403, "/problems/forbidden-scope")]


def _ack(wereld: Wereld, rol: Rol) -> Call:
    """The broker acknowledges B's message (any), the aanbieder its own."""
    return Call("POST", f"/outbox/{_ack_id(wereld, rol)}/ack")


def _ack_id(wereld: Wereld, rol: Rol) -> int:
    return wereld.outbox_b if rol is Rol.BROKER else wereld.outbox_a


def _bevestigd(response, wereld: Wereld, rol: Rol) -> None:
    body = response.json()
    assert (body["id"], body["status"]) == (_ack_id(wereld, rol), "bezorgd")
    assert body["bevestigd_at"] is not None


def _ack_van_b(wereld: Wereld, rol: Rol) -> list[Ander]:
    """B's message is unknown to A's key, and stays unacknowledged."""
    if rol is not Rol.AANBIEDER:
        return []
    call = Call("POST", f"/outbox/{wereld.outbox_b}/ack")
    return [Ander(call, 404, "/problems/outbox-unknown")]


def _zonder_inhoud(response, wereld: Wereld, rol: Rol) -> None:
    """The dead letter's delivery state only: no XML, no client."""
    [item] = response.json()
    assert item["id"] == wereld.outbox_dood
    assert set(item) == {
        "id",
        "bericht_id",
        "type",
        "status",
        "pogingen",
        "volgende_poging_at",
        "laatste_fout",
        "bezorgd_at",
        "bevestigd_at",
    }


def _weer_wachtend(response, wereld: Wereld, rol: Rol) -> None:
    assert (response.json()["id"], response.json()["status"]) == (wereld.outbox_dood, "wachtend")
    assert "xml" not in response.json()


def _geen_bsn(response, wereld: Wereld, rol: Rol) -> None:
    assert response.headers["content-type"].startswith("text/plain")
    for bsn in (BSN_A, BSN_B, BSN_C):
        assert bsn not in response.text


def _besluit(besluit: str) -> Endpoint:
    """A worker's grant or rejection of a request in onderzoek."""
    body = {"toekenning": {"besloten_door": WIE}, "afwijzing": {"besloten_door": WIE, "reden": "1"}}

    def eigen(wereld: Wereld, rol: Rol) -> Call:
        return Call("POST", f"/verzoeken/{wereld.verzoek_a}/{besluit}", json=body[besluit])

    def check(response, wereld: Wereld, rol: Rol) -> None:
        assert response.json()["verzoek_id"] == wereld.verzoek_a

    return Endpoint(
        "POST",
        f"/verzoeken/{{verzoek_id}}/{besluit}",
        GEMEENTE,
        eigen,
        201,
        check,
        _verzoek_b_onbekend(f"/{besluit}", body[besluit]),
    )


TOEWIJZING_ACTIES = {
    "wijziging": {"einddatum": "2027-01-15", "reden_wijziging": "05", "besloten_door": WIE},
    "verwijdering": {"besloten_door": WIE},
    "verlengingsmelding": {"soort": "korte_verlenging", "vastgelegd_door": WIE},
    "evaluatie": {"datum": "2026-11-18", "vastgelegd_door": WIE},
    "contactmoment": {
        "datum": "2026-11-19",
        "vorm": "telefoon",
        "uitkomst": "verlenging_nodig",
        "deelnemers": ["behandelaar", "jeugdconsulent"],
        "vastgelegd_door": WIE,
    },
}
"""The change or regional record each /toewijzingen/{gemeente}/{nummer}/... route takes."""


CONTACTTIJD = {"direct_minuten": 2400, "indirect_minuten": 600, "vastgelegd_door": WIE}
"""What a client reported for a drawn evaluation case."""


def _toewijzing_actie(actie: str) -> Endpoint:
    """A change or record of an own toewijzing (region B's for a contact moment)."""
    body = TOEWIJZING_ACTIES[actie]

    def eigen(wereld: Wereld, rol: Rol) -> Call:
        if actie == "contactmoment":
            url = f"/toewijzingen/{REGIO_B}/{wereld.toewijzing_regio_b}/{actie}"
        else:
            url = f"/toewijzingen/{EIGEN}/{wereld.toewijzing_a}/{actie}"
        return Call("POST", url, json=body)

    def ander(wereld: Wereld) -> Call:
        return Call("POST", f"/toewijzingen/{ANDER}/{wereld.toewijzing_b}/{actie}", json=body)

    return Endpoint(
        "POST",
        f"/toewijzingen/{{gemeente}}/{{nummer}}/{actie}",
        GEMEENTE,
        eigen,
        201,
        ander=_buiten_scope(ander),
    )


def _verzoek_van_a(response, wereld: Wereld, rol: Rol) -> None:
    body = response.json()
    assert (body["referentie_aanbieder"], body["gemeente"], body["bsn"]) == (REF_A, EIGEN, BSN_A)


def _toewijzing_van_a(response, wereld: Wereld, rol: Rol) -> None:
    found = [(item["gemeente"], item["toewijzing_nummer"]) for item in response.json()]
    assert found == [(EIGEN, wereld.toewijzing_a)]


def _leeg(response, wereld: Wereld, rol: Rol) -> None:
    assert _json_items(response) == []


def _alleen_aanbieder_a(response, wereld: Wereld, rol: Rol) -> None:
    assert {item["aanbieder"] for item in _json_items(response)} == {AGB_A}


def _provider_verzoek_van_b(wereld: Wereld, rol: Rol) -> list[Ander]:
    """B's reference is not found rather than refused: nothing says that it exists."""
    url = f"/api/v1/verzoeken/{REF_B}"
    return [
        Ander(Call("GET", url), 404, "/problems/verzoek-unknown"),
        Ander(Call("GET", url, params={"gemeente": ANDER}), 404, "/problems/verzoek-unknown"),
    ]


def _provider_toewijzingen_van_b(wereld: Wereld, rol: Rol) -> list[Ander]:
    """B's client has B's toewijzing in 0164; A's key finds none (the look-up is audited)."""
    return [
        Ander(Call("GET", "/api/v1/toewijzingen", params=params), 200, check=_leeg, behalve=AUDIT)
        for params in ({"bsn": BSN_B}, {"bsn": BSN_B, "gemeente": ANDER})
    ]


def _provider_toewijzingen_gezocht_van_b(wereld: Wereld, rol: Rol) -> list[Ander]:
    """The same look-ups with the BSN in the body: A's key still finds none of B's."""
    url = "/api/v1/toewijzingen/zoeken"
    return [
        Ander(Call("POST", url, json=body), 200, check=_leeg, behalve=AUDIT)
        for body in ({"bsn": BSN_B}, {"bsn": BSN_B, "gemeente": ANDER})
    ]


def _provider_signalen_van_b(wereld: Wereld, rol: Rol) -> list[Ander]:
    """B's signals in 0164 never show, whatever the filter (each list is an audited read)."""
    url = "/api/v1/signalen"
    return [
        Ander(Call("GET", url, params={"gemeente": ANDER}), 200, check=_leeg, behalve=AUDIT),
        Ander(
            Call("GET", url, params={"soort": "verlenging"}),
            200,
            check=_alleen_aanbieder_a,
            behalve=AUDIT,
        ),
        Ander(
            Call("GET", url, params={"status": "open", "zichtbaar": "false"}),
            200,
            check=_alleen_aanbieder_a,
            behalve=AUDIT,
        ),
    ]


def _audit_eigen(response, wereld: Wereld, rol: Rol) -> None:
    """Reads of own clients are listed, a read of both sides with its own client only."""
    items = {item["id"]: item for item in response.json()["items"]}
    assert set(wereld.audit_eigen + wereld.audit_gedeeld) <= set(items)
    for entry in wereld.audit_eigen + wereld.audit_gedeeld:
        assert [client["gemeente"] for client in items[entry]["clienten"]] == [EIGEN]


def _audit_zonder_0164(response, wereld: Wereld, rol: Rol) -> None:
    """No read of a 0164 client by a 0164 worker or by aanbieder B is listed."""
    items = response.json()["items"]
    assert not set(wereld.audit_ander) & {item["id"] for item in items}
    assert ANDER not in {client["gemeente"] for item in items for client in item["clienten"]}


def _audit_van_0164(wereld: Wereld, rol: Rol) -> list[Ander]:
    """0164's reads stay out of the list, by default, by name and by their client's BSN."""
    return [
        Ander(Call("GET", "/audit"), 200, check=_audit_zonder_0164),
        Ander(Call("GET", "/audit", params={"gemeente": ANDER}), 403, "/problems/forbidden-scope"),
        Ander(Call("GET", "/audit", params={"bsn": BSN_B}), 200, check=_leeg, behalve=AUDIT),
    ]


def _audit_gezocht_van_0164(wereld: Wereld, rol: Rol) -> list[Ander]:
    """The search with a body keeps 0164's reads out just as the query does."""
    url = "/audit/zoeken"
    return [
        Ander(Call("POST", url, json={}), 200, check=_audit_zonder_0164),
        Ander(Call("POST", url, json={"gemeente": ANDER}), 403, "/problems/forbidden-scope"),
        Ander(Call("POST", url, json={"bsn": BSN_B}), 200, check=_leeg, behalve=AUDIT),
    ]


def _toewijzing_a(response, wereld: Wereld, rol: Rol) -> None:
    body = response.json()
    assert (body["gemeente"], body["toewijzing_nummer"]) == (EIGEN, wereld.toewijzing_a)
    assert body["client"]["bsn"] == BSN_A


def _toewijzing_van_0164(wereld: Wereld, rol: Rol) -> list[Ander]:
    """0164's toewijzing: its gemeente is out of scope; the same number in 0153 is not found."""
    return [
        Ander(
            Call("GET", f"/toewijzingen/{ANDER}/{wereld.toewijzing_b}"),
            403,
            "/problems/forbidden-scope",
        ),
        Ander(Call("GET", f"/toewijzingen/{EIGEN}/999999"), 404, "/problems/toewijzing-unknown"),
    ]


def _client_a(response, wereld: Wereld, rol: Rol) -> None:
    body = response.json()
    assert [item["id"] for item in body["verzoeken"]] == [wereld.verzoek_a]
    nummers = {(item["gemeente"], item["toewijzing_nummer"]) for item in body["toewijzingen"]}
    assert (EIGEN, wereld.toewijzing_a) in nummers
    assert {gemeente for gemeente, _ in nummers} <= {EIGEN, REGIO_B}


def _geen_historie(response, wereld: Wereld, rol: Rol) -> None:
    assert (response.json()["verzoeken"], response.json()["toewijzingen"]) == ([], [])


def _client_van_0164(wereld: Wereld, rol: Rol) -> list[Ander]:
    """0164's client shows nothing in the key's gemeenten; naming 0164 is out of scope."""
    return [
        Ander(
            Call("POST", "/clienten/zoeken", json={"bsn": BSN_B}),
            200,
            check=_geen_historie,
            behalve=AUDIT,
        ),
        Ander(
            Call("POST", "/clienten/zoeken", json={"bsn": BSN_B, "gemeente": ANDER}),
            403,
            "/problems/forbidden-scope",
        ),
    ]


def _verzoeken_van_0164(wereld: Wereld, rol: Rol) -> list[Ander]:
    """0164's requests never show, also not by their ReferentieAanbieder."""
    return [
        *_lijst_ander("/verzoeken", _json_items)(wereld, rol),
        Ander(
            Call("GET", "/verzoeken", params={"referentie_aanbieder": REF_B}),
            200,
            check=_leeg,
            behalve=AUDIT,
        ),
    ]


def provider_verwijzing_in(gemeente: str, referentie: str) -> dict:
    """The aanbieder's referral letter behind a request it is about to send."""
    return {
        "gemeente": gemeente,
        "referentie_aanbieder": referentie,
        "datum": "2026-10-02",
        "verwijzer": {"type": "02", "zorgverlener_code": "01012345"},
        "vastgelegd_door": "p.smit",
    }


def _verwijzing_van_a(response, wereld: Wereld, rol: Rol) -> None:
    body = response.json()
    assert (body["aanbieder"], body["vastgelegd_rol"]) == (AGB_A, "aanbieder")


def _verwijzing_bij_b(wereld: Wereld, rol: Rol) -> list[Ander]:
    """B's reference in 0164 names no request of A: the key records A's own, never B's."""
    call = Call("PUT", "/api/v1/verwijzingen", json=provider_verwijzing_in(ANDER, REF_B))
    return [Ander(call, 201, check=_verwijzing_van_a, behalve=frozenset({"verwijzing"}))]


PROVIDER_ACTIES = {
    "verlengingsmelding": {"soort": "lange_verlenging", "vastgelegd_door": "p.smit"},
    "onderbouwing": {
        "optie": "B",
        "toelichting": "Doelen nog niet bereikt",
        "vastgelegd_door": "p.smit",
    },
}
"""The record each /api/v1/toewijzingen/{gemeente}/{nummer}/... route takes."""


def _provider_actie(actie: str) -> Endpoint:
    """The aanbieder's record on its own toewijzing (region B's for a substantiation)."""
    body = PROVIDER_ACTIES[actie]

    def eigen(wereld: Wereld, rol: Rol) -> Call:
        if actie == "onderbouwing":
            url = f"/api/v1/toewijzingen/{REGIO_B}/{wereld.toewijzing_regio_b}/{actie}"
        else:
            url = f"/api/v1/toewijzingen/{EIGEN}/{wereld.toewijzing_a}/{actie}"
        return Call("POST", url, json=body)

    def check(response, wereld: Wereld, rol: Rol) -> None:
        assert (response.json()["soort"], response.json()["vastgelegd_rol"]) == (
            "verlenging" if actie == "verlengingsmelding" else actie,
            "aanbieder",
        )

    def ander(wereld: Wereld, rol: Rol) -> list[Ander]:
        url = f"/api/v1/toewijzingen/{ANDER}/{wereld.toewijzing_b}/{actie}"
        return [Ander(Call("POST", url, json=body), 404, "/problems/toewijzing-unknown")]

    return Endpoint(
        "POST",
        f"/api/v1/toewijzingen/{{gemeente}}/{{nummer}}/{actie}",
        AANBIEDER,
        eigen,
        201,
        check,
        ander,
    )


# --- the table ---------------------------------------------------------------------------------

AFZENDER = frozenset({Rol.BROKER, Rol.AANBIEDER})
AANBIEDER = frozenset({Rol.AANBIEDER})
GEMEENTE = frozenset({Rol.GEMEENTE})
OPERATOR = frozenset({Rol.OPERATOR})
BEHEERDER = frozenset({Rol.BEHEERDER})

_NIEUWE_TOEWIJZING = {"ingang": date(2026, 12, 1), "eind": date(2027, 11, 30), "code": "54002"}

MATRIX: tuple[Endpoint, ...] = (
    Endpoint("POST", "/berichten", AFZENDER, _bericht, 200, _retour, _bericht_van_b),
    Endpoint("GET", "/outbox", AFZENDER, vast("GET", "/outbox"), 200, _outbox_van, _outbox_van_b),
    Endpoint("POST", "/outbox/{outbox_id}/ack", AFZENDER, _ack, 200, _bevestigd, _ack_van_b),
    Endpoint("GET", "/outbox/dood", OPERATOR, vast("GET", "/outbox/dood"), 200, _zonder_inhoud),
    Endpoint(
        "POST",
        "/outbox/{outbox_id}/retry",
        OPERATOR,
        lambda wereld, rol: Call("POST", f"/outbox/{wereld.outbox_dood}/retry"),
        200,
        _weer_wachtend,
    ),
    Endpoint(
        "GET",
        "/health/ready",
        OPERATOR,
        vast("GET", "/health/ready"),
        200,
        lambda response, wereld, rol: _is(response.json(), {"status": "ready"}),
    ),
    Endpoint("GET", "/metrics", OPERATOR, vast("GET", "/metrics"), 200, _geen_bsn),
    Endpoint(
        "GET",
        "/werkvoorraad",
        GEMEENTE,
        vast("GET", "/werkvoorraad"),
        200,
        _alleen_eigen_gemeenten(_json_items),
        _lijst_ander("/werkvoorraad", _json_items),
    ),
    Endpoint(
        "GET",
        "/verzoeken/{verzoek_id}",
        GEMEENTE,
        lambda wereld, rol: Call("GET", f"/verzoeken/{wereld.verzoek_a}"),
        200,
        lambda response, wereld, rol: _is(response.json()["id"], wereld.verzoek_a),
        _verzoek_b_onbekend("", None),
    ),
    _besluit("toekenning"),
    _besluit("afwijzing"),
    Endpoint(
        "GET",
        "/vooroverleggen",
        GEMEENTE,
        vast("GET", "/vooroverleggen"),
        200,
        _alleen_eigen_gemeenten(_json_items),
        _lijst_ander("/vooroverleggen", _json_items),
    ),
    Endpoint(
        "POST",
        "/vooroverleggen",
        GEMEENTE,
        vast("POST", "/vooroverleggen", json=vooroverleg_in(EIGEN, bsn=BSN_NIEUW, aanbieder=AGB_A)),
        201,
        ander=_buiten_scope(
            lambda wereld: Call(
                "POST",
                "/vooroverleggen",
                json=vooroverleg_in(ANDER, bsn=BSN_NIEUW, aanbieder=AGB_B),
            )
        ),
    ),
    Endpoint(
        "PUT",
        "/verwijzingen",
        GEMEENTE,
        vast("PUT", "/verwijzingen", json=verwijzing_in(EIGEN, AGB_A)),
        201,
        ander=_buiten_scope(
            lambda wereld: Call("PUT", "/verwijzingen", json=verwijzing_in(ANDER, AGB_B))
        ),
    ),
    Endpoint(
        "PUT",
        "/clientgegevens",
        GEMEENTE,
        vast("PUT", "/clientgegevens", json=clientgegevens_in(EIGEN, BSN_NIEUW)),
        200,
        ander=_buiten_scope(
            lambda wereld: Call("PUT", "/clientgegevens", json=clientgegevens_in(ANDER, BSN_NIEUW))
        ),
    ),
    Endpoint(
        "POST",
        "/toewijzingen",
        GEMEENTE,
        vast(
            "POST",
            "/toewijzingen",
            json=toewijzing_in(EIGEN, bsn=BSN_A, aanbieder=AGB_A, **_NIEUWE_TOEWIJZING),
        ),
        201,
        ander=_buiten_scope(
            lambda wereld: Call(
                "POST",
                "/toewijzingen",
                json=toewijzing_in(ANDER, bsn=BSN_B, aanbieder=AGB_B, **_NIEUWE_TOEWIJZING),
            )
        ),
    ),
    *(_toewijzing_actie(actie) for actie in TOEWIJZING_ACTIES),
    Endpoint(
        "GET",
        "/toewijzingen/{gemeente}/{nummer}",
        GEMEENTE,
        lambda wereld, rol: Call("GET", f"/toewijzingen/{EIGEN}/{wereld.toewijzing_a}"),
        200,
        _toewijzing_a,
        _toewijzing_van_0164,
    ),
    Endpoint(
        "POST",
        "/clienten/zoeken",
        GEMEENTE,
        vast("POST", "/clienten/zoeken", json={"bsn": BSN_A}),
        200,
        _client_a,
        _client_van_0164,
    ),
    Endpoint(
        "GET",
        "/verzoeken",
        GEMEENTE,
        vast("GET", "/verzoeken"),
        200,
        _alleen_eigen_gemeenten(_json_items),
        _verzoeken_van_0164,
    ),
    Endpoint(
        "GET",
        "/signalen",
        GEMEENTE,
        vast("GET", "/signalen"),
        200,
        _alleen_eigen_gemeenten(_json_items),
        _lijst_ander("/signalen", _json_items),
    ),
    Endpoint(
        "GET",
        "/signalen.csv",
        GEMEENTE,
        vast("GET", "/signalen.csv"),
        200,
        _alleen_eigen_gemeenten(_csv_items),
        _lijst_ander("/signalen.csv", _csv_items),
    ),
    Endpoint(
        "GET",
        "/rapportages/verbruik",
        GEMEENTE,
        vast("GET", "/rapportages/verbruik"),
        200,
        _alleen_eigen_gemeenten(_json_items),
        _lijst_ander("/rapportages/verbruik", _json_items),
    ),
    Endpoint(
        "GET",
        "/rapportages/verbruik.csv",
        GEMEENTE,
        vast("GET", "/rapportages/verbruik.csv"),
        200,
        _alleen_eigen_gemeenten(_csv_items),
        _lijst_ander("/rapportages/verbruik.csv", _csv_items),
    ),
    Endpoint(
        "PUT",
        "/evaluatie/{gemeente}/{toewijzing_nummer}/contacttijd",
        GEMEENTE,
        lambda wereld, rol: Call(
            "PUT", f"/evaluatie/{EIGEN}/{wereld.toewijzing_a}/contacttijd", json=CONTACTTIJD
        ),
        200,
        ander=_buiten_scope(
            lambda wereld: Call(
                "PUT", f"/evaluatie/{ANDER}/{wereld.toewijzing_b}/contacttijd", json=CONTACTTIJD
            )
        ),
    ),
    Endpoint(
        "GET",
        "/api/v1/verzoeken/{referentie_aanbieder}",
        AANBIEDER,
        vast("GET", f"/api/v1/verzoeken/{REF_A}"),
        200,
        _verzoek_van_a,
        _provider_verzoek_van_b,
    ),
    Endpoint(
        "GET",
        "/api/v1/toewijzingen",
        AANBIEDER,
        vast("GET", "/api/v1/toewijzingen", params={"bsn": BSN_A}),
        200,
        _toewijzing_van_a,
        _provider_toewijzingen_van_b,
    ),
    Endpoint(
        "POST",
        "/api/v1/toewijzingen/zoeken",
        AANBIEDER,
        vast("POST", "/api/v1/toewijzingen/zoeken", json={"bsn": BSN_A}),
        200,
        _toewijzing_van_a,
        _provider_toewijzingen_gezocht_van_b,
    ),
    Endpoint(
        "GET",
        "/api/v1/signalen",
        AANBIEDER,
        vast("GET", "/api/v1/signalen"),
        200,
        _alleen_aanbieder_a,
        _provider_signalen_van_b,
    ),
    Endpoint(
        "PUT",
        "/api/v1/verwijzingen",
        AANBIEDER,
        vast("PUT", "/api/v1/verwijzingen", json=provider_verwijzing_in(EIGEN, "REF-NIEUW")),
        201,
        _verwijzing_van_a,
        _verwijzing_bij_b,
    ),
    *(_provider_actie(actie) for actie in PROVIDER_ACTIES),
    Endpoint("GET", "/audit", BEHEERDER, vast("GET", "/audit"), 200, _audit_eigen, _audit_van_0164),
    Endpoint(
        "POST",
        "/audit/zoeken",
        BEHEERDER,
        vast("POST", "/audit/zoeken", json={}),
        200,
        _audit_eigen,
        _audit_gezocht_van_0164,
    ),
)
"""Every route but GET /health/live (open to all), with the roles that may use it."""
