"""JW323 declaraties for tests, built from a few parameters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tests.api.berichten import AGB, BSN, GEMEENTE, NS_BASIS


@dataclass(frozen=True)
class Regel:
    """One Prestatie; `bedrag` defaults to volume × tarief, `credit` makes it a credit line."""

    referentie: str
    nummer: int
    begin: date
    einde: date
    volume: int
    eenheid: str = "04"
    tarief: int | None = 6000
    categorie: str = "45"
    code: str = "45A48"
    bsn: str = BSN
    vorig: str | None = None
    credit: bool = False
    bedrag: int | None = None

    @property
    def ingediend(self) -> int:
        """The IngediendBedrag in eurocent, unsigned."""
        if self.bedrag is not None:
            return self.bedrag
        return self.volume * (self.tarief or 0)


def _prestatie(r: Regel) -> str:
    k = "jw323"
    vorig = f"<ijw:VorigReferentieNummer>{r.vorig}</ijw:VorigReferentieNummer>" if r.vorig else ""
    dc = "C" if r.credit else "D"
    tarief = f"<{k}:ProductTarief>{r.tarief}</{k}:ProductTarief>" if r.tarief is not None else ""
    return f"""
        <{k}:Prestatie>
          <{k}:ProductReferentie>
            <ijw:ReferentieNummer>{r.referentie}</ijw:ReferentieNummer>{vorig}
          </{k}:ProductReferentie>
          <{k}:ToewijzingNummer>{r.nummer}</{k}:ToewijzingNummer>
          <{k}:ProductCategorie>{r.categorie}</{k}:ProductCategorie>
          <{k}:ProductCode>{r.code}</{k}:ProductCode>
          <{k}:ProductPeriode>
            <ijw:Begindatum>{r.begin}</ijw:Begindatum><ijw:Einddatum>{r.einde}</ijw:Einddatum>
          </{k}:ProductPeriode>
          <{k}:GeleverdVolume>{r.volume}</{k}:GeleverdVolume>
          <{k}:Eenheid>{r.eenheid}</{k}:Eenheid>{tarief}
          <{k}:IngediendBedrag>
            <ijw:Bedrag>{r.ingediend}</ijw:Bedrag><ijw:DebetCredit>{dc}</ijw:DebetCredit>
          </{k}:IngediendBedrag>
        </{k}:Prestatie>"""


def declaratie(
    identificatie: str,
    dagtekening: date,
    nummer: str,
    periode: tuple[date, date],
    *regels: Regel,
    aanbieder: str = AGB,
    gemeente: str = GEMEENTE,
    totaal: int | None = None,
) -> bytes:
    """A JW323 Declaratie; the total is the signed sum of the lines unless given."""
    k = "jw323"
    som = sum(-r.ingediend if r.credit else r.ingediend for r in regels)
    som = som if totaal is None else totaal
    totaal_dc = "C" if som < 0 else "D"
    per_client: dict[str, list[Regel]] = {}
    for r in regels:
        per_client.setdefault(r.bsn, []).append(r)
    clienten = "".join(
        f"<{k}:Client><{k}:Bsn>{bsn}</{k}:Bsn><{k}:Prestaties>"
        + "".join(_prestatie(r) for r in rs)
        + f"</{k}:Prestaties></{k}:Client>"
        for bsn, rs in per_client.items()
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<{k}:Bericht xmlns:{k}="http://www.istandaarden.nl/ijw/3_2/{k}/schema" xmlns:ijw="{NS_BASIS}">
  <{k}:Header>
    <{k}:BerichtCode>490</{k}:BerichtCode>
    <{k}:BerichtVersie>3</{k}:BerichtVersie>
    <{k}:BerichtSubversie>2</{k}:BerichtSubversie>
    <{k}:Afzender>{aanbieder}</{k}:Afzender>
    <{k}:Ontvanger>{gemeente}</{k}:Ontvanger>
    <{k}:BerichtIdentificatie>
      <ijw:Identificatie>{identificatie}</ijw:Identificatie>
      <ijw:Dagtekening>{dagtekening}</ijw:Dagtekening>
    </{k}:BerichtIdentificatie>
    <{k}:XsdVersie>
      <ijw:BasisschemaXsdVersie>1.0.0</ijw:BasisschemaXsdVersie>
      <ijw:BerichtXsdVersie>1.0.0</ijw:BerichtXsdVersie>
    </{k}:XsdVersie>
  </{k}:Header>
  <{k}:Declaratie>
    <{k}:DeclaratieNummer>{nummer}</{k}:DeclaratieNummer>
    <{k}:DeclaratiePeriode>
      <ijw:Begindatum>{periode[0]}</ijw:Begindatum><ijw:Einddatum>{periode[1]}</ijw:Einddatum>
    </{k}:DeclaratiePeriode>
    <{k}:DeclaratieDagtekening>{dagtekening}</{k}:DeclaratieDagtekening>
    <{k}:TotaalIngediendBedrag>
      <ijw:TotaalBedrag>{abs(som)}</ijw:TotaalBedrag><ijw:DebetCredit>{totaal_dc}</ijw:DebetCredit>
    </{k}:TotaalIngediendBedrag>
    <{k}:Clienten>{clienten}</{k}:Clienten>
  </{k}:Declaratie>
</{k}:Bericht>
""".encode()
