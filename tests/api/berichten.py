"""Real iJw 3.2 messages for flow tests, built from a few parameters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

AGB = "87654321"
GEMEENTE = "0153"
BSN = "999900018"
NS_BASIS = "http://www.istandaarden.nl/ijw/3_2/basisschema/schema"


def _header(
    kind: str, code: str, identificatie: str, dagtekening: date, afzender: str, ontvanger: str
) -> str:
    return f"""
  <{kind}:Header>
    <{kind}:BerichtCode>{code}</{kind}:BerichtCode>
    <{kind}:BerichtVersie>3</{kind}:BerichtVersie>
    <{kind}:BerichtSubversie>2</{kind}:BerichtSubversie>
    <{kind}:Afzender>{afzender}</{kind}:Afzender>
    <{kind}:Ontvanger>{ontvanger}</{kind}:Ontvanger>
    <{kind}:BerichtIdentificatie>
      <ijw:Identificatie>{identificatie}</ijw:Identificatie>
      <ijw:Dagtekening>{dagtekening.isoformat()}</ijw:Dagtekening>
    </{kind}:BerichtIdentificatie>
    <{kind}:XsdVersie>
      <ijw:BasisschemaXsdVersie>1.0.0</ijw:BasisschemaXsdVersie>
      <ijw:BerichtXsdVersie>1.0.0</ijw:BerichtXsdVersie>
    </{kind}:XsdVersie>
  </{kind}:Header>"""


def _message(kind: str, header: str, body: str) -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<{kind}:Bericht xmlns:{kind}="http://www.istandaarden.nl/ijw/3_2/{kind}/schema" '
        f'xmlns:ijw="{NS_BASIS}">{header}{body}\n</{kind}:Bericht>\n'
    ).encode()


def _product(kind: str, categorie: str | None, code: str | None) -> str:
    if categorie is None:
        return ""
    code_xml = f"<ijw:Code>{code}</ijw:Code>" if code else ""
    return f"<{kind}:Product><ijw:Categorie>{categorie}</ijw:Categorie>{code_xml}</{kind}:Product>"


def _omvang(kind: str, omvang: tuple[int, str, str] | None) -> str:
    if omvang is None:
        return ""
    volume, eenheid, frequentie = omvang
    return (
        f"<{kind}:Omvang><ijw:Volume>{volume}</ijw:Volume><ijw:Eenheid>{eenheid}</ijw:Eenheid>"
        f"<ijw:Frequentie>{frequentie}</ijw:Frequentie></{kind}:Omvang>"
    )


def _optional(kind: str, name: str, value) -> str:
    if value is None:
        return ""
    text = value.isoformat() if isinstance(value, date) else value
    return f"<{kind}:{name}>{text}</{kind}:{name}>"


def _client(kind: str, bsn: str) -> str:
    return f"""
    <{kind}:Bsn>{bsn}</{kind}:Bsn>
    <{kind}:Geboortedatum><ijw:Datum>2014-06-09</ijw:Datum></{kind}:Geboortedatum>
    <{kind}:Geslacht>2</{kind}:Geslacht>
    <{kind}:Naam><ijw:Geslachtsnaam><ijw:Achternaam>Jansen</ijw:Achternaam></ijw:Geslachtsnaam></{kind}:Naam>"""


@dataclass(frozen=True)
class Aangevraagd:
    """One AangevraagdProduct of a VOT."""

    referentie: str
    ingang: date
    eind: date | None = date(2027, 5, 31)
    categorie: str | None = "45"
    code: str | None = "45A48"
    omvang: tuple[int, str, str] | None = (90, "01", "2")
    budget: int | None = None


def vot(
    identificatie: str,
    dagtekening: date,
    *producten: Aangevraagd,
    bsn: str = BSN,
    aanbieder: str = AGB,
    gemeente: str = GEMEENTE,
) -> bytes:
    """A JW315 Verzoek om toewijzing."""
    k = "jw315"
    items = "".join(
        f"""
      <{k}:AangevraagdProduct>
        <{k}:ReferentieAanbieder>{p.referentie}</{k}:ReferentieAanbieder>
        {_product(k, p.categorie, p.code)}
        <{k}:ToewijzingIngangsdatum>{p.ingang.isoformat()}</{k}:ToewijzingIngangsdatum>
        {_optional(k, "ToewijzingEinddatum", p.eind)}
        {_omvang(k, p.omvang)}
        {_optional(k, "Budget", p.budget)}
        <{k}:Verwijzer><ijw:Type>02</ijw:Type><ijw:ZorgverlenerCode>01012345</ijw:ZorgverlenerCode></{k}:Verwijzer>
      </{k}:AangevraagdProduct>"""
        for p in producten
    )
    body = f"""
  <{k}:Client>{_client(k, bsn)}
    <{k}:AangevraagdeProducten>{items}
    </{k}:AangevraagdeProducten>
  </{k}:Client>"""
    return _message(k, _header(k, "446", identificatie, dagtekening, aanbieder, gemeente), body)


@dataclass(frozen=True)
class TeWijzigen:
    """A TeWijzigenProduct of a VOW."""

    nummer: int
    gewenste_ingang: date
    eind: date | None = None
    omvang: tuple[int, str, str] | None = None
    budget: int | None = None


@dataclass(frozen=True)
class Nieuw:
    """A NieuwProduct of a VOW."""

    gewenste_ingang: date
    eind: date | None = None
    categorie: str | None = "45"
    code: str | None = "45A48"
    omvang: tuple[int, str, str] | None = (90, "01", "2")
    budget: int | None = None


def vow(
    identificatie: str,
    dagtekening: date,
    referentie: str,
    *,
    ongewijzigd=(),
    te_wijzigen=(),
    nieuw=(),
    bsn: str = BSN,
    aanbieder: str = AGB,
    gemeente: str = GEMEENTE,
) -> bytes:
    """A JW317 Verzoek om wijziging."""
    k = "jw317"
    parts = []
    if ongewijzigd:
        items = "".join(
            f"<{k}:OngewijzigdProduct><{k}:ToewijzingNummer>{n}</{k}:ToewijzingNummer>"
            f"</{k}:OngewijzigdProduct>"
            for n in ongewijzigd
        )
        parts.append(f"<{k}:OngewijzigdeProducten>{items}</{k}:OngewijzigdeProducten>")
    if te_wijzigen:
        items = "".join(
            f"<{k}:TeWijzigenProduct><{k}:ToewijzingNummer>{t.nummer}</{k}:ToewijzingNummer>"
            f"<{k}:GewensteIngangsdatum>{t.gewenste_ingang.isoformat()}</{k}:GewensteIngangsdatum>"
            f"{_optional(k, 'Einddatum', t.eind)}{_omvang(k, t.omvang)}"
            f"{_optional(k, 'Budget', t.budget)}</{k}:TeWijzigenProduct>"
            for t in te_wijzigen
        )
        parts.append(f"<{k}:TeWijzigenProducten>{items}</{k}:TeWijzigenProducten>")
    if nieuw:
        items = "".join(
            f"<{k}:NieuwProduct>{_product(k, n.categorie, n.code)}"
            f"<{k}:GewensteIngangsdatum>{n.gewenste_ingang.isoformat()}</{k}:GewensteIngangsdatum>"
            f"{_optional(k, 'Einddatum', n.eind)}{_omvang(k, n.omvang)}"
            f"{_optional(k, 'Budget', n.budget)}</{k}:NieuwProduct>"
            for n in nieuw
        )
        parts.append(f"<{k}:NieuweProducten>{items}</{k}:NieuweProducten>")
    body = f"""
  <{k}:Client>
    <{k}:Bsn>{bsn}</{k}:Bsn>
    <{k}:Verzoek>
      <{k}:ReferentieAanbieder>{referentie}</{k}:ReferentieAanbieder>
      <{k}:RedenVerzoek>2</{k}:RedenVerzoek>
      {"".join(parts)}
    </{k}:Verzoek>
  </{k}:Client>"""
    return _message(k, _header(k, "486", identificatie, dagtekening, aanbieder, gemeente), body)


@dataclass(frozen=True)
class Regie:
    """A StartProduct (no reden/eind) or StopProduct."""

    nummer: int | None
    begindatum: date
    status: str = "1"
    reden: str | None = None
    einddatum: date | None = None
    categorie: str | None = "45"
    code: str | None = "45A48"
    toewijzing_ingang: date | None = None


def start(
    identificatie: str,
    dagtekening: date,
    *producten: Regie,
    bsn: str = BSN,
    aanbieder: str = AGB,
    gemeente: str = GEMEENTE,
) -> bytes:
    """A JW305 Start zorg."""
    k = "jw305"
    items = "".join(
        f"<{k}:StartProduct>{_optional(k, 'ToewijzingNummer', p.nummer)}"
        f"{_product(k, p.categorie, p.code)}"
        f"{_optional(k, 'ToewijzingIngangsdatum', p.toewijzing_ingang)}"
        f"<{k}:Begindatum>{p.begindatum.isoformat()}</{k}:Begindatum>"
        f"<{k}:StatusAanlevering>{p.status}</{k}:StatusAanlevering></{k}:StartProduct>"
        for p in producten
    )
    body = f"""
  <{k}:Client>{_client(k, bsn)}
    <{k}:StartProducten>{items}</{k}:StartProducten>
  </{k}:Client>"""
    return _message(k, _header(k, "438", identificatie, dagtekening, aanbieder, gemeente), body)


def stop(
    identificatie: str,
    dagtekening: date,
    *producten: Regie,
    bsn: str = BSN,
    aanbieder: str = AGB,
    gemeente: str = GEMEENTE,
) -> bytes:
    """A JW307 Stop zorg."""
    k = "jw307"
    items = "".join(
        f"<{k}:StopProduct>{_optional(k, 'ToewijzingNummer', p.nummer)}"
        f"{_product(k, p.categorie, p.code)}"
        f"{_optional(k, 'ToewijzingIngangsdatum', p.toewijzing_ingang)}"
        f"<{k}:Begindatum>{p.begindatum.isoformat()}</{k}:Begindatum>"
        f"<{k}:RedenBeeindiging>{p.reden}</{k}:RedenBeeindiging>"
        f"<{k}:Einddatum>{p.einddatum.isoformat()}</{k}:Einddatum>"
        f"<{k}:StatusAanlevering>{p.status}</{k}:StatusAanlevering></{k}:StopProduct>"
        for p in producten
    )
    body = f"""
  <{k}:Client>{_client(k, bsn)}
    <{k}:StopProducten>{items}</{k}:StopProducten>
  </{k}:Client>"""
    return _message(k, _header(k, "440", identificatie, dagtekening, aanbieder, gemeente), body)
