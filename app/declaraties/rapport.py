"""The verbruik report and the evaluation cases, read for the JSON API and the werkplek alike.

The callers audit the read: each knows who reads (a key or a signed-in worker).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from app.declaraties import repository
from app.declaraties.verbruik import Regel, percentage, toegekend
from app.toewijzingen.rij import omvang_of

CSV_KOLOMMEN = (
    "toewijzing_nummer",
    "gemeente",
    "aanbieder",
    "bsn",
    "categorie",
    "code",
    "ingangsdatum",
    "einddatum",
    "toegekend_minuten",
    "gedeclareerd_minuten",
    "gedeclareerd_bedrag",
    "percentage",
    "overschreden",
    "contact_direct_minuten",
    "contact_indirect_minuten",
)


def verbruik_regels(
    session: Session,
    gemeenten: Iterable[str],
    *,
    aanbieder: str | None = None,
    producten: Iterable[str] = (),
    van: date | None = None,
    tot: date | None = None,
) -> list[Regel]:
    """Per toewijzing in scope: minutes granted in the window against accepted declared ones."""
    rijen = repository.verbruik_rijen(
        session, gemeenten, aanbieder=aanbieder, producten=producten, van=van, tot=tot
    )
    contact = repository.contacttijden(session, [t.id for t, _m, _b in rijen])
    regels = []
    for t, minuten, bedrag in rijen:
        granted = toegekend(
            omvang_of(t.volume, t.eenheid, t.frequentie),
            t.ingangsdatum_date,
            t.einddatum_date,
            van,
            tot,
        )
        direct, indirect = contact.get(t.id, (None, None))
        regels.append(
            Regel(
                toewijzing_nummer=t.nummer,
                gemeente=t.gemeente,
                aanbieder=t.aanbieder,
                bsn=t.bsn,
                categorie=t.categorie,
                code=t.code,
                ingangsdatum=t.ingangsdatum_date,
                einddatum=t.einddatum_date,
                toegekend_minuten=granted,
                gedeclareerd_minuten=minuten,
                gedeclareerd_bedrag=bedrag,
                percentage=percentage(minuten, granted),
                overschreden=granted is not None and minuten > granted,
                contact_direct_minuten=direct,
                contact_indirect_minuten=indirect,
            )
        )
    return regels


def csv_item(regel: Regel) -> dict:
    """One report row as JSON-ready values, keyed by the CSV's columns."""
    return {
        "toewijzing_nummer": regel.toewijzing_nummer,
        "gemeente": regel.gemeente,
        "aanbieder": regel.aanbieder,
        "bsn": regel.bsn,
        "categorie": regel.categorie,
        "code": regel.code,
        "ingangsdatum": regel.ingangsdatum.isoformat(),
        "einddatum": regel.einddatum.isoformat() if regel.einddatum else None,
        "toegekend_minuten": regel.toegekend_minuten,
        "gedeclareerd_minuten": regel.gedeclareerd_minuten,
        "gedeclareerd_bedrag": regel.gedeclareerd_bedrag,
        "percentage": regel.percentage,
        "overschreden": regel.overschreden,
        "contact_direct_minuten": regel.contact_direct_minuten,
        "contact_indirect_minuten": regel.contact_indirect_minuten,
    }


def csv_tekst(regels: Iterable[Regel]) -> str:
    """The report's rows as CSV: a header row, then one row per toewijzing."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_KOLOMMEN)
    for regel in regels:
        item = csv_item(regel)
        writer.writerow(
            [
                ""
                if item[c] is None
                else ("true" if item[c] is True else "false" if item[c] is False else item[c])
                for c in CSV_KOLOMMEN
            ]
        )
    return buffer.getvalue()


@dataclass(frozen=True, slots=True)
class Evaluatiegeval:
    """A drawn case: minutes declared over its granted period and the contact time reported."""

    gemeente: str
    toewijzing_nummer: int
    bsn: str
    code: str | None
    ingangsdatum: date
    einddatum: date | None
    seed: int
    toegekend_minuten: int | None
    gedeclareerd_minuten: int
    direct_minuten: int | None
    indirect_minuten: int | None
    vastgelegd_door: str | None

    @property
    def contact_minuten(self) -> int | None:
        """Direct plus indirect contact time, once recorded."""
        if self.direct_minuten is None or self.indirect_minuten is None:
            return None
        return self.direct_minuten + self.indirect_minuten

    @property
    def verschil(self) -> int | None:
        """Declared minus reported contact minutes (positive: more declared than reported)."""
        contact = self.contact_minuten
        return None if contact is None else self.gedeclareerd_minuten - contact


def evaluatiegevallen(session: Session, gemeenten: Iterable[str]) -> list[Evaluatiegeval]:
    """The drawn cases of these gemeenten, by gemeente and ToewijzingNummer."""
    gevallen = repository.evaluatie_casussen(session, gemeenten)
    gebruikt = repository.gedeclareerde_minuten(session, [t.id for t, _c in gevallen])
    return [
        Evaluatiegeval(
            gemeente=t.gemeente,
            toewijzing_nummer=t.nummer,
            bsn=t.bsn,
            code=t.code,
            ingangsdatum=t.ingangsdatum_date,
            einddatum=t.einddatum_date,
            seed=casus.seed,
            toegekend_minuten=toegekend(
                omvang_of(t.volume, t.eenheid, t.frequentie),
                t.ingangsdatum_date,
                t.einddatum_date,
                None,
                None,
            ),
            gedeclareerd_minuten=gebruikt.get(t.id, (0, 0))[0],
            direct_minuten=casus.direct_minuten,
            indirect_minuten=casus.indirect_minuten,
            vastgelegd_door=casus.vastgelegd_door,
        )
        for t, casus in gevallen
    ]
