"""Table-driven decisions on one requested product; the rule sets are the bundled ones."""

import tomllib
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

import pytest

from app.decisions.beslissing import DEFAULT_RULE, Beslissing, Uitkomst
from app.decisions.context import (
    DecisionContext,
    EerdereToekenning,
    Verwijzing,
    Vooroverleg,
    VooroverlegKind,
)
from app.decisions.engine import decide
from app.decisions.ruleset import RuleSet, bundled_folder, load_rule_sets
from app.ijw.views import AangevraagdProduct, Omvang, Product, Verwijzer

BI, VT = "BI001", "VT001"  # stand-ins for the contract's codes the operator sets
GEMEENTE, AANBIEDER, BSN = "0153", "12345678", "999900006"
VALID_REFERRAL = Verwijzing(letter_date=date(2025, 2, 1), used_before=False)


def twente() -> RuleSet:
    """The bundled Twente rule set with its contract codes filled in, as an operator would."""
    data = tomllib.loads(bundled_folder().joinpath("twente.toml").read_text(encoding="utf-8"))
    data["rules"][0]["productcodes"] = [BI]
    data["rules"][1]["productcodes"] = [VT]
    return RuleSet.model_validate(data)


RULE_SETS = {
    "twente": twente(),
    "twente-bundled": load_rule_sets().rule_set_for("0153"),
    "ggz": next(rs for rs in load_rule_sets() if rs.name == "ggz-specifiek-toekennen"),
}


def request(
    code: str = BI,
    *,
    categorie: str = "45",
    start: date = date(2025, 3, 1),
    end: date | None = date(2026, 2, 28),
    volume: int = 6000,
    eenheid: str = "01",
    frequentie: str = "6",
    verwijzer: str = "02",
) -> AangevraagdProduct:
    return AangevraagdProduct(
        referentie_aanbieder="REF-1",
        beschikking_nummer=None,
        product=Product(categorie, code),
        beschikking_ingangsdatum=None,
        toewijzing_ingangsdatum=start,
        toewijzing_einddatum=end,
        omvang=Omvang(volume, eenheid, frequentie),
        budget=None,
        verwijzer=Verwijzer(verwijzer, "Huisartsenpraktijk" if verwijzer != "06" else None, None),
        raamcontract=None,
        commentaar=None,
    )


def agreement(**changes: Any) -> Vooroverleg:
    fields = {
        "gemeente": GEMEENTE,
        "aanbieder": AANBIEDER,
        "bsn": BSN,
        "product": Product("45", BI),
        "max_minutes": 8000,
        "end_date": date(2026, 6, 30),
        "kind": VooroverlegKind.INITIEEL,
    } | changes
    return Vooroverleg(**fields)


def context(
    verwijzing: Verwijzing = VALID_REFERRAL, vooroverleggen: tuple[Vooroverleg, ...] = ()
) -> DecisionContext:
    return DecisionContext(
        today=date(2025, 2, 20),
        gemeente=GEMEENTE,
        aanbieder=AANBIEDER,
        bsn=BSN,
        verwijzing=verwijzing,
        vooroverleggen=vooroverleggen,
    )


@dataclass
class Case:
    name: str
    rule_set: str
    request: AangevraagdProduct
    rule: str
    outcome: Uitkomst
    context: DecisionContext = field(default_factory=context)
    reason: str | None = None  # a fragment one of the reasons must contain
    beheer: str | None = None  # a fragment one of the gemeente's own explanations must contain


GRANT, ONDERZOEK = Uitkomst.TOEKENNEN, Uitkomst.ONDERZOEK
YEAR_BI = request()  # 6,000 minutes over exactly one year
EIGHT_THOUSAND = request(volume=8000, end=date(2026, 6, 30))

CASES = [
    # A1/A2: Behandeling individueel, 6,000 minutes and one year.
    Case("bi-5999-minutes", "twente", request(volume=5999), "A1", GRANT),
    Case(
        "bi-6000-minutes", "twente", YEAR_BI, "A1", GRANT, reason="6.000 minuten, ten hoogste 6.000"
    ),
    Case(
        "bi-6001-minutes",
        "twente",
        request(volume=6001),
        "A2",
        ONDERZOEK,
        reason="6.001 minuten overschrijdt 6.000",
    ),
    Case("bi-100-hours", "twente", request(volume=100, eenheid="04"), "A1", GRANT),
    Case("bi-25-dagdelen", "twente", request(volume=25, eenheid="16"), "A1", GRANT),
    Case("bi-26-dagdelen", "twente", request(volume=26, eenheid="16"), "A2", ONDERZOEK),
    Case(
        "bi-weekly-over-53-iso-weeks",  # 114 x 53 = 6,042; days / 7 would give 52 weeks, 5,928
        "twente",
        request(volume=114, frequentie="2", start=date(2025, 3, 2), end=date(2026, 2, 28)),
        "A2",
        ONDERZOEK,
        reason="6.042 minuten overschrijdt 6.000",
    ),
    Case(
        "bi-weekly-within",
        "twente",
        request(volume=113, frequentie="2", start=date(2025, 3, 2), end=date(2026, 2, 28)),
        "A1",
        GRANT,
    ),
    Case("bi-exactly-one-year", "twente", request(end=date(2026, 2, 28)), "A1", GRANT),
    Case(
        "bi-one-year-and-a-day",
        "twente",
        request(end=date(2026, 3, 1)),
        "A2",
        ONDERZOEK,
        reason="overschrijdt 12 maanden (laatste dag 2026-02-28)",
    ),
    Case(
        "bi-leap-day-start-one-year",
        "twente",
        request(
            start=date(2024, 2, 29),
            end=date(2025, 2, 28),
        ),
        "A1",
        GRANT,
        context(Verwijzing(date(2024, 2, 1), False)),
    ),
    Case(
        "bi-leap-day-start-a-day-more",
        "twente",
        request(start=date(2024, 2, 29), end=date(2025, 3, 1)),
        "A2",
        ONDERZOEK,
        context(Verwijzing(date(2024, 2, 1), False)),
    ),
    Case(
        "bi-year-ending-on-leap-day",
        "twente",
        request(start=date(2023, 3, 1), end=date(2024, 2, 29)),
        "A1",
        GRANT,
        context(Verwijzing(date(2023, 2, 1), False)),
    ),
    Case(
        "bi-open-end-total",
        "twente",
        request(volume=3000, end=None),
        "A2",
        ONDERZOEK,
        reason="open Einddatum: een onbegrensde periode overschrijdt 12 maanden",
    ),
    Case(
        "bi-open-end-weekly",
        "twente",
        request(volume=60, frequentie="2", end=None),
        "A2",
        ONDERZOEK,
        reason="geen eindig totaal",
    ),
    Case(
        "bi-in-pieces",
        "twente",
        request(volume=10, eenheid="84"),
        "A2",
        ONDERZOEK,
        reason="Eenheid 84 is niet te toetsen aan 6.000 minuten",
    ),
    # A4/A5: Vaktherapie, 24 sessions and 2,200 minutes within one year.
    Case(
        "vt-24-sessions",
        "twente",
        request(VT, volume=24, eenheid="84"),
        "A4",
        GRANT,
        reason="de grens van 2.200 minuten is niet getoetst",
    ),
    Case(
        "vt-25-sessions",
        "twente",
        request(VT, volume=25, eenheid="84"),
        "A5",
        ONDERZOEK,
        reason="25 sessies overschrijdt 24",
    ),
    Case("vt-24-output-pieces", "twente", request(VT, volume=24, eenheid="82"), "A4", GRANT),
    Case(
        "vt-2200-minutes",
        "twente",
        request(VT, volume=2200),
        "A4",
        GRANT,
        reason="de grens van 24 sessies is niet getoetst",
    ),
    Case("vt-2201-minutes", "twente", request(VT, volume=2201), "A5", ONDERZOEK),
    Case(
        "vt-a-session-a-week-over-25-iso-weeks",
        "twente",
        request(
            VT,
            volume=1,
            eenheid="84",
            frequentie="2",
            start=date(2025, 3, 3),
            end=date(2025, 8, 24),
        ),
        "A5",
        ONDERZOEK,
        reason="25 sessies overschrijdt 24",
    ),
    Case(
        "vt-24-sessions-13-months",
        "twente",
        request(VT, volume=24, eenheid="84", end=date(2026, 3, 31)),
        "A5",
        ONDERZOEK,
    ),
    Case(
        "vt-in-hours-by-day",
        "twente",
        request(VT, volume=1, eenheid="14"),
        "A5",
        ONDERZOEK,
        reason="Eenheid 14 is niet te toetsen aan 2.200 minuten en 24 sessies",
    ),
    # Non-medical referrers are outside region A's rules: the rule set's default.
    Case(
        "bi-referred-by-gemeente",
        "twente",
        request(verwijzer="01"),
        DEFAULT_RULE,
        ONDERZOEK,
        reason="past bij ProductCategorie 45, ProductCode BI001, Verwijzer type 01",
    ),
    Case("bi-no-referrer", "twente", request(verwijzer="06"), DEFAULT_RULE, ONDERZOEK),
    Case(
        "bi-gecertificeerde-instelling", "twente", request(verwijzer="04"), DEFAULT_RULE, ONDERZOEK
    ),
    Case("other-product-medical", "twente", request("45A99"), DEFAULT_RULE, ONDERZOEK),
    Case(
        "codes-not-configured",
        "twente-bundled",
        YEAR_BI,
        DEFAULT_RULE,
        ONDERZOEK,
        beheer="productcodes voor 'Behandeling individueel' zijn niet ingesteld",
    ),
    # A3: vooroverleg.
    Case(
        "vooroverleg-exactly",
        "twente",
        EIGHT_THOUSAND,
        "A3",
        GRANT,
        context(vooroverleggen=(agreement(),)),
        reason="gedekt door een vooroverleg van ten hoogste 8.000 minuten tot en met 2026-06-30",
    ),
    Case(
        "vooroverleg-minutes-beyond",
        "twente",
        EIGHT_THOUSAND,
        "A2",
        ONDERZOEK,
        context(vooroverleggen=(agreement(max_minutes=7999),)),
        reason="gaat verder dan het vooroverleg",
    ),
    Case(
        "vooroverleg-end-beyond",
        "twente",
        EIGHT_THOUSAND,
        "A2",
        ONDERZOEK,
        context(vooroverleggen=(agreement(end_date=date(2026, 6, 29)),)),
    ),
    Case(
        "vooroverleg-open-end",
        "twente",
        request(volume=8000, end=None),
        "A2",
        ONDERZOEK,
        context(vooroverleggen=(agreement(),)),
    ),
    Case(
        "vooroverleg-other-client",
        "twente",
        EIGHT_THOUSAND,
        "A2",
        ONDERZOEK,
        context(vooroverleggen=(agreement(bsn="999900018"),)),
        reason="geen vooroverleg (initieel) vastgelegd",
    ),
    Case(
        "vooroverleg-other-aanbieder",
        "twente",
        EIGHT_THOUSAND,
        "A2",
        ONDERZOEK,
        context(vooroverleggen=(agreement(aanbieder="87654321"),)),
    ),
    Case(
        "vooroverleg-other-gemeente",
        "twente",
        EIGHT_THOUSAND,
        "A2",
        ONDERZOEK,
        context(vooroverleggen=(agreement(gemeente="0164"),)),
    ),
    Case(
        "vooroverleg-other-product",
        "twente",
        EIGHT_THOUSAND,
        "A2",
        ONDERZOEK,
        context(vooroverleggen=(agreement(product=Product("45", VT)),)),
    ),
    Case(
        "vooroverleg-extension-only",
        "twente",
        EIGHT_THOUSAND,
        "A2",
        ONDERZOEK,
        context(vooroverleggen=(agreement(kind=VooroverlegKind.KORTE_VERLENGING),)),
    ),
    Case(
        "vooroverleg-one-of-two-covers",
        "twente",
        EIGHT_THOUSAND,
        "A3",
        GRANT,
        context(vooroverleggen=(agreement(max_minutes=100), agreement())),
    ),
    Case(
        "vooroverleg-not-needed",
        "twente",
        YEAR_BI,
        "A1",
        GRANT,
        context(vooroverleggen=(agreement(),)),
    ),
    Case(
        "vaktherapie-has-no-vooroverleg",
        "twente",
        request(VT, volume=2500),
        "A5",
        ONDERZOEK,
        context(vooroverleggen=(agreement(product=Product("45", VT)),)),
    ),
    # A6/A7: the referral.
    Case(
        "referral-one-year-at-start",
        "twente",
        request(start=date(2026, 2, 28), end=date(2026, 12, 31)),
        "A1",
        GRANT,
        context(Verwijzing(date(2025, 3, 1), False)),
    ),
    Case(
        "referral-a-day-older",
        "twente",
        request(start=date(2026, 3, 1), end=date(2026, 12, 31)),
        "A6",
        ONDERZOEK,
        context(Verwijzing(date(2025, 3, 1), False)),
        reason="staat een start toe tot en met 2026-02-28, de gevraagde start 2026-03-01 is later",
    ),
    Case(
        "referral-date-unknown",
        "twente",
        YEAR_BI,
        "A1",
        GRANT,
        context(Verwijzing(None, False)),
        beheer="A6 niet getoetst: de verwijsdatum is onbekend",
    ),
    Case(
        "referral-nothing-known",
        "twente",
        YEAR_BI,
        "A1",
        GRANT,
        context(Verwijzing()),
        beheer="A7 kon niet worden beoordeeld",
    ),
    Case(
        "referral-used-before",
        "twente",
        YEAR_BI,
        "A7",
        ONDERZOEK,
        context(Verwijzing(date(2025, 2, 1), True)),
        reason="is al ingezet voor een eerdere toekenning; een verwijzing wordt eenmalig ingezet",
    ),
    Case(
        "referral-expired-beats-vooroverleg",
        "twente",
        request(volume=8000, start=date(2026, 3, 1), end=date(2026, 6, 30)),
        "A6",
        ONDERZOEK,
        context(Verwijzing(date(2025, 3, 1), False), (agreement(),)),
    ),
    Case(
        "referral-expired-for-unmatched-product",
        "twente",
        request("45A99", start=date(2026, 3, 1), end=date(2026, 6, 30)),
        "A6",
        ONDERZOEK,
        context(Verwijzing(date(2025, 3, 1), False)),
    ),
    Case(
        "referral-used-and-expired",
        "twente",
        request(start=date(2026, 3, 1), end=date(2026, 6, 30)),
        "A6",
        ONDERZOEK,
        context(Verwijzing(date(2025, 3, 1), True)),
    ),
    Case(
        "referral-vaktherapie",
        "twente",
        request(VT, volume=24, eenheid="84"),
        "A7",
        ONDERZOEK,
        context(Verwijzing(date(2025, 2, 1), True)),
    ),
    # Region B: Specifiek toekennen GGZ.
    Case("54001-4680", "ggz", request("54001", categorie="54", volume=4680), "B1", GRANT),
    Case(
        "54001-4681",
        "ggz",
        request("54001", categorie="54", volume=4681),
        "B3",
        ONDERZOEK,
        reason="4.681 minuten overschrijdt 4.680",
    ),
    Case(
        "54001-39-hours-per-month",
        "ggz",  # 39 h x 12 months = 28,080 minutes
        request("54001", categorie="54", volume=39, eenheid="04", frequentie="4"),
        "B3",
        ONDERZOEK,
    ),
    Case("54002-7020-12-months", "ggz", request("54002", categorie="54", volume=7020), "B2", GRANT),
    Case("54003-7020-12-months", "ggz", request("54003", categorie="54", volume=7020), "B2", GRANT),
    Case("54003-7021", "ggz", request("54003", categorie="54", volume=7021), "B3", ONDERZOEK),
    Case(
        "54002-13-months",
        "ggz",
        request("54002", categorie="54", volume=7020, end=date(2026, 3, 31)),
        "B3",
        ONDERZOEK,
        reason="overschrijdt 12 maanden (laatste dag 2026-02-28)",
    ),
    Case(
        "54002-open-end",
        "ggz",
        request("54002", categorie="54", volume=7020, end=None),
        "B3",
        ONDERZOEK,
    ),
    Case(
        "54001-jeugdarts",
        "ggz",
        request("54001", categorie="54", volume=4680, verwijzer="03"),
        DEFAULT_RULE,
        ONDERZOEK,
    ),
    Case("54004", "ggz", request("54004", categorie="54", volume=4680), DEFAULT_RULE, ONDERZOEK),
    Case(
        "54001-other-category",
        "ggz",
        request("54001", categorie="45", volume=4680),
        DEFAULT_RULE,
        ONDERZOEK,
    ),
    Case(
        "ggz-knows-no-referral-rules",
        "ggz",
        request("54001", categorie="54", volume=4680),
        "B1",
        GRANT,
        context(Verwijzing(date(2020, 1, 1), True)),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_decision(case: Case):
    beslissing = decide(RULE_SETS[case.rule_set], case.request, case.context)
    assert (beslissing.rule, beslissing.outcome) == (case.rule, case.outcome), beslissing.reasons
    assert beslissing.rule_set == RULE_SETS[case.rule_set].name
    assert beslissing.besloten_door == "engine"
    assert beslissing.decided_on == date(2025, 2, 20)
    if case.reason is not None:
        assert any(case.reason in reason for reason in beslissing.reasons), beslissing.reasons
    if case.beheer is not None:
        assert any(case.beheer in reden for reden in beslissing.beheer), beslissing.beheer
        assert not any(case.beheer in reason for reason in beslissing.reasons)
    assert all(BSN not in reason for reason in (*beslissing.reasons, *beslissing.beheer))


def test_case_names_are_unique():
    assert len({case.name for case in CASES}) == len(CASES)


def test_the_record_holds_the_figures_used():
    beslissing = decide(RULE_SETS["twente"], request(volume=101, eenheid="04"), context())
    assert beslissing == Beslissing(
        rule_set="twente",
        rule="A2",
        outcome=ONDERZOEK,
        figures=replace(
            beslissing.figures,
            minutes=6060,
            sessions=None,
            period_days=365,
            open_end=False,
            max_minutes=6000,
            max_sessions=None,
            max_months=12,
            last_allowed_day=date(2026, 2, 28),
            referral_date=date(2025, 2, 1),
            referral_last_start=date(2026, 1, 31),
        ),
        reasons=(
            "A2 'Behandeling individueel': buiten de grenzen: 6.060 minuten overschrijdt 6.000",
            "A3: geen vooroverleg (initieel) vastgelegd voor deze cliënt, aanbieder en product",
        ),
        decided_on=date(2025, 2, 20),
    )
    assert beslissing.figures.vooroverleg_max_minutes is None


def test_sessions_and_open_end_in_the_figures():
    figures = decide(
        RULE_SETS["twente"],
        request(VT, volume=2, eenheid="84", frequentie="2", end=None),
        context(),
    ).figures
    assert (figures.sessions, figures.minutes, figures.open_end, figures.period_days) == (
        None,
        None,
        True,
        None,
    )
    assert (figures.max_sessions, figures.max_minutes) == (24, 2200)
    figures = decide(RULE_SETS["twente"], request(VT, volume=24, eenheid="84"), context()).figures
    assert (figures.sessions, figures.minutes, figures.period_days) == (24, None, 365)


def test_a_covering_vooroverleg_is_in_the_figures():
    beslissing = decide(RULE_SETS["twente"], EIGHT_THOUSAND, context(vooroverleggen=(agreement(),)))
    assert beslissing.figures.vooroverleg_max_minutes == 8000
    assert beslissing.figures.vooroverleg_end_date == date(2026, 6, 30)
    assert beslissing.reasons[1].startswith(
        "zonder vooroverleg: A2 'Behandeling individueel': buiten de grenzen"
    )


def test_a_gemeente_outside_every_rule_set_gets_the_default():
    assert load_rule_sets().rule_set_for("0363") is None
    beslissing = decide(None, YEAR_BI, replace(context(), gemeente="0363"))
    assert (beslissing.rule_set, beslissing.rule, beslissing.outcome) == (
        None,
        DEFAULT_RULE,
        ONDERZOEK,
    )
    assert beslissing.reasons == ("geen regel van toepassing: standaarduitkomst onderzoek",)
    assert beslissing.beheer == (
        "gemeente 0363 valt onder geen regelset: de uitkomst is IJW_ZONDER_REGELSET",
    )
    assert beslissing.figures.minutes == 6000 and beslissing.figures.max_minutes is None


def test_the_default_for_a_gemeente_outside_every_rule_set_is_configurable():
    beslissing = decide(None, YEAR_BI, replace(context(), gemeente="0363"), default=GRANT)
    assert (beslissing.rule, beslissing.outcome) == (DEFAULT_RULE, GRANT)


def test_a_rule_set_may_grant_what_no_rule_matches():
    rule_set = RULE_SETS["ggz"].model_copy(update={"default_outcome": GRANT})
    beslissing = decide(rule_set, request("54004", categorie="54"), context())
    assert (beslissing.rule, beslissing.outcome) == (DEFAULT_RULE, GRANT)
    assert beslissing.reasons[0].endswith("standaarduitkomst toekennen")


def test_an_unmatched_medical_request_still_meets_the_referral_rules():
    beslissing = decide(RULE_SETS["twente-bundled"], YEAR_BI, context(Verwijzing(None, None)))
    assert beslissing.reasons == (
        "geen regel van regelset 'twente' past bij ProductCategorie 45, ProductCode BI001, "
        "Verwijzer type 02: standaarduitkomst onderzoek",
    )
    assert beslissing.beheer == (
        "productcodes voor 'Behandeling individueel' zijn niet ingesteld (regel A1): "
        "de beheerder vult ze aan in de regelset",
        "productcodes voor 'Vaktherapie' zijn niet ingesteld (regel A4): "
        "de beheerder vult ze aan in de regelset",
        "A6 niet getoetst: de verwijsdatum is onbekend (PUT /verwijzingen)",
        "A7 kon niet worden beoordeeld: onbekend of deze verwijzing al eerder is ingezet",
    )


def test_a_request_without_product_falls_to_the_default():
    beslissing = decide(RULE_SETS["twente"], replace(YEAR_BI, product=None, omvang=None), context())
    assert (beslissing.rule, beslissing.outcome) == (DEFAULT_RULE, ONDERZOEK)
    assert "een verzoek zonder Product" in beslissing.reasons[0]


def test_a_referral_rule_keeps_what_the_product_rule_found():
    late = request(start=date(2026, 3, 1), end=date(2026, 12, 31))
    beslissing = decide(RULE_SETS["twente"], late, context(Verwijzing(date(2025, 3, 1), False)))
    assert beslissing.rule == "A6"
    assert beslissing.reasons[-1].startswith("anders: A1 'Behandeling individueel': binnen")
    assert beslissing.figures.referral_last_start == date(2026, 2, 28)


def test_a7_names_the_earlier_grant_the_referral_was_used_for():
    eerder = EerdereToekenning(7, "VOT-2026-0001", date(2025, 2, 1))
    beslissing = decide(
        RULE_SETS["twente"], YEAR_BI, context(Verwijzing(date(2025, 2, 1), True, eerder))
    )
    assert (beslissing.rule, beslissing.outcome) == ("A7", ONDERZOEK)
    assert (
        beslissing.figures.earlier_grant_verzoek_id,
        beslissing.figures.earlier_grant_referentie,
    ) == (7, "VOT-2026-0001")
    assert (
        "ReferentieAanbieder VOT-2026-0001 (verzoek 7, verwijsbrief van 2025-02-01)"
        in (beslissing.reasons[0])
    )


def test_a7_grants_on_a_new_letter_and_says_which_grant_it_follows():
    eerder = EerdereToekenning(7, "VOT-2026-0001", None)
    beslissing = decide(
        RULE_SETS["twente"], YEAR_BI, context(Verwijzing(date(2025, 2, 1), False, eerder))
    )
    assert (beslissing.rule, beslissing.outcome) == ("A1", GRANT)
    assert beslissing.figures.earlier_grant_verzoek_id == 7
    assert beslissing.reasons[-1] == (
        "A7: de verwijsbrief van 2025-02-01 is een nieuwe verwijzing, niet die van de eerdere "
        "toekenning van ReferentieAanbieder VOT-2026-0001 (verzoek 7, zonder vastgelegde "
        "verwijsbrief)"
    )
