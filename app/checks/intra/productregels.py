"""Omvang, Budget and Product rules of a product class, written once for every message type.

CD041, CD075-CD079, CD080/CD095/CD096 and CS338/CS343 judge the same fields of the
AangevraagdProduct (JW315), the TeWijzigenProduct and NieuwProduct (JW317) and the
ToegewezenProduct (JW301). Each rule here is one function of one product; a `Productregel`
applies it per message type, with the code, the products and the message text rules.xsl gives
that type (the same check has a different code in a VOT, a VOW and a toewijzing).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence, Set
from dataclasses import dataclass
from datetime import date
from typing import Any, Generic, Protocol, TypeVar

from app.checks.bericht import Bericht
from app.checks.issue import Issue, violation, violations
from app.checks.rule import Rule
from app.ijw.toewijzingstatus import na_2020
from app.ijw.tree import Element, kid
from app.ijw.views import (
    JW301,
    JW315,
    JW317,
    AangevraagdProduct,
    NieuwProduct,
    Omvang,
    Product,
    TeWijzigenProduct,
    ToegewezenProduct,
)

EENHEDEN_ZONDER_DAG = frozenset({"14", "16", "83", "84"})
"""Etmaal, dagdeel, euro's and stuks (inspanning): never per dag (CS338/CS343)."""
FREQUENTIES_ZONDER_DAG = frozenset({"2", "4", "6"})
"""Per week, per maand and totaal binnen geldigheidsduur toewijzing."""
PER_WEEK = "2"
_CODES = re.compile(r"^((cd|cs|tr)[0-9]{3}_)+")


class Regelproduct(Protocol):
    """What the rules here read of a product class."""

    @property
    def omvang(self) -> Omvang | None: ...  # noqa: D102
    @property
    def budget(self) -> int | None: ...  # noqa: D102
    @property
    def einddatum(self) -> date | None: ...  # noqa: D102
    @property
    def element(self) -> Element: ...  # noqa: D102


class MetProduct(Regelproduct, Protocol):
    """A product class that names its Product (a TeWijzigenProduct keeps its toewijzing's)."""

    @property
    def product(self) -> Product | None: ...  # noqa: D102


P = TypeVar("P", bound=Regelproduct)


@dataclass(frozen=True, slots=True)
class Toepassing(Generic[P]):
    """How a rule applies to one message type: its code, the products it judges, its message."""

    code: str
    producten: Callable[[Bericht], Sequence[P]]
    melding: Callable[[P], str]
    child: str | None = None


SCHERM = "productregels.schoon"
"""The key under which a message keeps what its type's screen (in `SCHERMEN`) found."""
SCHERMEN: dict[str, Callable[[Bericht], Set[str]]] = {}
"""Per message type: the codes of the rules that may find something, read once per message.

A screen may name a rule that finds nothing (the rule then looks); it never leaves out one
that finds something. Most messages break no rule, and are then screened once, not per rule.
"""

Plaatsen = Callable[[Any], Sequence[Element | None]]
"""The elements of a product a finding is reported at (None for one that is absent)."""


class Productregel:
    """One rule written once (`fout` says whether a product breaks it), registered per type."""

    __slots__ = ("fout", "rules")

    def __init__(
        self,
        fout: Callable[[Any], bool],
        toepassingen: Mapping[str, Toepassing[Any]],
        plaatsen: Plaatsen | None = None,
    ):
        """Make the `Rule` of `fout` for each message type in `toepassingen`.

        `plaatsen` names the elements rules.xsl reports a finding at (those present); without
        it a finding is reported at the product (or the `Toepassing`'s child).
        """
        self.fout = fout
        self.rules: dict[str, Rule] = {
            message_type: _rule(fout, message_type, toepassing, plaatsen)
            for message_type, toepassing in toepassingen.items()
        }

    def voor(self, message_type: str) -> Rule:
        """The rule as registered for `message_type`."""
        return self.rules[message_type]


def _rule(
    fout: Callable[[Any], bool],
    message_type: str,
    toepassing: Toepassing[Any],
    plaatsen: Plaatsen | None,
) -> Rule:
    code, producten, melding, child = (
        toepassing.code,
        toepassing.producten,
        toepassing.melding,
        toepassing.child,
    )

    def vind(bericht: Bericht) -> Iterator[Issue]:
        for product in producten(bericht):
            if not fout(product):
                continue
            if plaatsen is None:
                yield violation(code, product.element, melding(product), child=child)
            else:
                yield from violations(code, plaatsen(product), melding(product))

    def check(bericht: Bericht) -> Iterable[Issue]:
        scherm = SCHERMEN.get(message_type)
        if scherm is not None and code not in bericht.shared(SCHERM, scherm):
            return ()
        return vind(bericht)

    # Named and documented as the rule it is in this message type, e.g. "CD095: ...".
    summary = (fout.__doc__ or "").split(": ", 1)[-1]
    check.__name__ = check.__qualname__ = f"{code.lower()}_{_CODES.sub('', fout.__name__)}"
    check.__doc__ = f"{code}: {summary} ({message_type})"
    return Rule(code, frozenset({message_type}), check)


def klasse(product: Regelproduct) -> str:
    """The product's iJw class name (the views are named after their classes)."""
    return type(product).__name__


def _code(product: MetProduct) -> str | None:
    soort = product.product
    return soort.code if soort is not None and soort.code else None


def _einde(product: Regelproduct) -> Element | None:
    """The product's end date element (ToewijzingEinddatum in an AangevraagdProduct)."""
    naam = "ToewijzingEinddatum" if klasse(product) == "AangevraagdProduct" else "Einddatum"
    return kid(product.element, naam)


def _kid(product: Regelproduct, *names: str) -> Element | None:
    found: Element | None = product.element
    for name in names:
        found = kid(found, name)
    return found


# --- where rules.xsl reports each finding (the elements its check compares) -----------------


def _bij_code_en_omvang(product: Regelproduct) -> list[Element | None]:
    return [_kid(product, "Product", "Code"), _kid(product, "Omvang")]


def _bij_omvang_code_en_einde(product: Regelproduct) -> list[Element | None]:
    return [_kid(product, "Omvang"), _kid(product, "Product", "Code"), _einde(product)]


def _bij_budget_en_omvang(product: Regelproduct) -> list[Element | None]:
    return [_kid(product, "Budget"), _kid(product, "Omvang")]


def _bij_budget_en_einde(product: Regelproduct) -> list[Element | None]:
    return [_kid(product, "Budget"), _einde(product)]


def _bij_frequentie_en_einde(product: Regelproduct) -> list[Element | None]:
    return [_kid(product, "Omvang", "Frequentie"), _einde(product)]


def _bij_eenheid_frequentie_en_einde(product: Regelproduct) -> list[Element | None]:
    return [
        _kid(product, "Omvang", "Eenheid"),
        _kid(product, "Omvang", "Frequentie"),
        _einde(product),
    ]


# --- the products of each message type ------------------------------------------------------


def aangevraagd(bericht: Bericht) -> tuple[AangevraagdProduct, ...]:
    """JW315: every AangevraagdProduct."""
    view: JW315 = bericht.view
    return view.client.producten


def nieuw(bericht: Bericht) -> tuple[NieuwProduct, ...]:
    """JW317: every NieuwProduct."""
    view: JW317 = bericht.view
    return view.client.verzoek.nieuw


def te_wijzigen_en_nieuw(bericht: Bericht) -> tuple[TeWijzigenProduct | NieuwProduct, ...]:
    """JW317: every TeWijzigenProduct, then every NieuwProduct."""
    view: JW317 = bericht.view
    verzoek = view.client.verzoek
    return verzoek.te_wijzigen + verzoek.nieuw


def toegewezen(bericht: Bericht) -> tuple[ToegewezenProduct, ...]:
    """JW301: every ToegewezenProduct."""
    view: JW301 = bericht.view
    return () if view.client is None else view.client.producten


# --- the screen ----------------------------------------------------------------------------


def schoon(product: MetProduct) -> bool:
    """True when the product breaks no rule here (False may also mean it breaks none)."""
    omvang, soort = product.omvang, product.product
    if product.budget is not None:
        # CD077/CD078, CD075 and CD041 (a Code needs an Omvang, which a Budget excludes).
        return (
            omvang is None and product.einddatum is not None and (soort is None or not soort.code)
        )
    if soort is None:  # CD079
        return False
    if omvang is None:  # CD041
        return not soort.code
    frequentie = omvang.frequentie
    # CD095 (without its year), CD076, CS343 (without its year).
    return (
        bool(soort.code)
        and (frequentie != PER_WEEK or product.einddatum is not None)
        and (omvang.eenheid not in EENHEDEN_ZONDER_DAG or frequentie in FREQUENTIES_ZONDER_DAG)
    )


# --- the rules ------------------------------------------------------------------------------


def cd041_code_needs_omvang(product: MetProduct) -> bool:
    """CD041: a product with a Product Code has an Omvang; retourcode 0001."""
    return product.omvang is None and _code(product) is not None


def cd080_cd095_cd096_omvang_needs_code(product: MetProduct) -> bool:
    """CD080/CD095/CD096: no Omvang without a Product Code (ending after 2020); retourcode 0001."""
    return product.omvang is not None and _code(product) is None and na_2020(product.einddatum)


def cd077_budget_excludes_omvang(product: Regelproduct) -> bool:
    """CD077: a product with a Budget has no Omvang; retourcode 0001."""
    return product.budget is not None and product.omvang is not None


def cd078_omvang_excludes_budget(product: Regelproduct) -> bool:
    """CD078: a product with an Omvang has no Budget; retourcode 0001."""
    return product.omvang is not None and product.budget is not None


def cd079_no_budget_needs_product(product: MetProduct) -> bool:
    """CD079: a product without a Budget has a Product; retourcode 0001."""
    return product.budget is None and product.product is None


# CD075/CD076 point at the class lacking the Einddatum, not at Budget/Frequentie as §5.1 lists.
def cd075_budget_needs_einddatum(product: Regelproduct) -> bool:
    """CD075: a product with a Budget has an Einddatum; retourcode 0001."""
    return product.budget is not None and product.einddatum is None


def cd076_per_week_needs_einddatum(product: Regelproduct) -> bool:
    """CD076: a product with Frequentie 2 (per week) has an Einddatum; retourcode 0001."""
    omvang = product.omvang
    return omvang is not None and omvang.frequentie == PER_WEEK and product.einddatum is None


def cs338_cs343_eenheid_not_per_dag(product: Regelproduct) -> bool:
    """CS338/CS343: Eenheid 14/16/83/84 needs Frequentie 2, 4 or 6 (after 2020); retourcode 0001."""
    omvang = product.omvang
    return (
        omvang is not None
        and omvang.eenheid in EENHEDEN_ZONDER_DAG
        and omvang.frequentie not in FREQUENTIES_ZONDER_DAG
        and na_2020(product.einddatum)
    )


def _eenheid(product: Regelproduct) -> str:
    omvang = product.omvang
    return omvang.eenheid if omvang is not None else ""


def _frequentie(product: Regelproduct) -> str:
    omvang = product.omvang
    return omvang.frequentie if omvang is not None else ""


CD041 = Productregel(
    cd041_code_needs_omvang,
    {
        "JW315": Toepassing(
            "CD041", aangevraagd, lambda p: "AangevraagdProduct has a Product Code but no Omvang"
        ),
        "JW317": Toepassing(
            "CD041", nieuw, lambda p: "NieuwProduct has a Product Code but no Omvang"
        ),
        "JW301": Toepassing(
            "CD041",
            toegewezen,
            lambda p: f"ToegewezenProduct {p.nummer} has a Product Code but no Omvang",
        ),
    },
    _bij_code_en_omvang,
)

OMVANG_ZONDER_CODE = Productregel(
    cd080_cd095_cd096_omvang_needs_code,
    {
        "JW315": Toepassing(
            "CD095",
            aangevraagd,
            lambda p: "Omvang is not allowed without a Product Code",
            child="Omvang",
        ),
        "JW317": Toepassing(
            "CD096",
            nieuw,
            lambda p: "Omvang is not allowed in a NieuwProduct without a Product Code",
            child="Omvang",
        ),
        "JW301": Toepassing(
            "CD080",
            toegewezen,
            lambda p: f"ToegewezenProduct {p.nummer} has an Omvang but no Product Code",
            child="Omvang",
        ),
    },
    _bij_omvang_code_en_einde,
)
"""CD095 in a VOT, CD096 in a VOW, CD080 in a toewijzing."""

CD077 = Productregel(
    cd077_budget_excludes_omvang,
    {
        "JW315": Toepassing(
            "CD077", aangevraagd, lambda p: "Budget is not allowed with an Omvang", child="Budget"
        ),
        "JW317": Toepassing(
            "CD077",
            te_wijzigen_en_nieuw,
            lambda p: f"Budget is not allowed with an Omvang in a {klasse(p)}",
            child="Budget",
        ),
        "JW301": Toepassing(
            "CD077",
            toegewezen,
            lambda p: f"ToegewezenProduct {p.nummer} has a Budget, so Omvang must be absent",
            child="Budget",
        ),
    },
    _bij_budget_en_omvang,
)

CD078 = Productregel(
    cd078_omvang_excludes_budget,
    {
        "JW315": Toepassing(
            "CD078", aangevraagd, lambda p: "Omvang is not allowed with a Budget", child="Omvang"
        ),
        "JW317": Toepassing(
            "CD078",
            te_wijzigen_en_nieuw,
            lambda p: f"Omvang is not allowed with a Budget in a {klasse(p)}",
            child="Omvang",
        ),
        "JW301": Toepassing(
            "CD078",
            toegewezen,
            lambda p: f"ToegewezenProduct {p.nummer} has an Omvang, so Budget must be absent",
            child="Omvang",
        ),
    },
    lambda p: list(reversed(_bij_budget_en_omvang(p))),
)

CD079 = Productregel(
    cd079_no_budget_needs_product,
    {
        "JW315": Toepassing(
            "CD079", aangevraagd, lambda p: "AangevraagdProduct has neither a Product nor a Budget"
        ),
        "JW317": Toepassing(
            "CD079", nieuw, lambda p: "NieuwProduct has neither a Product nor a Budget"
        ),
        "JW301": Toepassing(
            "CD079",
            toegewezen,
            lambda p: f"ToegewezenProduct {p.nummer} has neither a Product nor a Budget",
        ),
    },
)

CD075 = Productregel(
    cd075_budget_needs_einddatum,
    {
        "JW315": Toepassing(
            "CD075",
            aangevraagd,
            lambda p: "AangevraagdProduct has a Budget but no ToewijzingEinddatum",
        ),
        "JW317": Toepassing(
            "CD075", te_wijzigen_en_nieuw, lambda p: f"{klasse(p)} has a Budget but no Einddatum"
        ),
        "JW301": Toepassing(
            "CD075",
            toegewezen,
            lambda p: f"ToegewezenProduct {p.nummer} has a Budget but no Einddatum",
        ),
    },
    _bij_budget_en_einde,
)

CD076 = Productregel(
    cd076_per_week_needs_einddatum,
    {
        "JW315": Toepassing(
            "CD076",
            aangevraagd,
            lambda p: "AangevraagdProduct has Frequentie 2 (per week) but no ToewijzingEinddatum",
        ),
        "JW317": Toepassing(
            "CD076",
            te_wijzigen_en_nieuw,
            lambda p: f"{klasse(p)} has Frequentie 2 (per week) but no Einddatum",
        ),
        "JW301": Toepassing(
            "CD076",
            toegewezen,
            lambda p: f"ToegewezenProduct {p.nummer} has Frequentie 2 (per week) but no Einddatum",
        ),
    },
    _bij_frequentie_en_einde,
)

EENHEID_NIET_PER_DAG = Productregel(
    cs338_cs343_eenheid_not_per_dag,
    {
        "JW315": Toepassing(
            "CS343",
            aangevraagd,
            lambda p: f"Eenheid {_eenheid(p)} needs Frequentie 2, 4 or 6",
            child="Omvang/Eenheid",
        ),
        "JW317": Toepassing(
            "CS338",
            te_wijzigen_en_nieuw,
            lambda p: f"Eenheid {_eenheid(p)} needs Frequentie 2, 4 or 6",
            child="Omvang/Eenheid",
        ),
        "JW301": Toepassing(
            "CS338",
            toegewezen,
            lambda p: f"Eenheid {_eenheid(p)} needs Frequentie 2, 4 or 6, not {_frequentie(p)}",
            child="Omvang/Frequentie",
        ),
    },
    _bij_eenheid_frequentie_en_einde,
)
"""CS343 in a VOT, CS338 in a VOW and a toewijzing."""

PRODUCTREGELS: tuple[Productregel, ...] = (
    CD041,
    OMVANG_ZONDER_CODE,
    CD077,
    CD078,
    CD079,
    CD075,
    CD076,
    EENHEID_NIET_PER_DAG,
)
"""Every rule here; each message type lists its own in `verzoek.RULES` and `toewijzing.RULES`."""
