"""Rule sets: one TOML file per region, validated strictly when loaded."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Iterator
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    StrictBool,
    StrictInt,
    StrictStr,
    ValidationError,
    model_validator,
)

from app.decisions.beslissing import Uitkomst
from app.ijw.gemeenten import load_gemeenten
from app.ijw.productcodes import CATEGORIEEN, MAX_CODE_LENGTE

VERWIJZER_TYPES = frozenset({"01", "02", "03", "04", "05", "06", "08"})
"""COD327 Verwijzer Type; there is no 07."""

_GEMEENTECODE = re.compile(r"[0-9]{4}")
_PRODUCTCODE = re.compile(rf"[0-9A-Za-z]{{1,{MAX_CODE_LENGTE}}}")
_RULE_ID = re.compile(r"[A-Za-z0-9_.-]{1,16}")
_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")


class RuleSetError(ValueError):
    """A rule set file that cannot be used; the message names the file and the key."""


def _gemeente(code: str) -> str:
    if not _GEMEENTECODE.fullmatch(code):
        raise ValueError(f"{code!r} is not a 4-digit CBS gemeentecode")
    if not load_gemeenten().bekend(code):
        raise ValueError(f"{code} is not in the CBS gemeente list")
    return code


def _categorie(categorie: str) -> str:
    if categorie not in CATEGORIEEN:
        raise ValueError(f"{categorie!r} is not a JZ020 ProductCategorie (31-38, 40-55)")
    return categorie


def _productcode(code: str) -> str:
    if not _PRODUCTCODE.fullmatch(code):
        raise ValueError(f"{code!r} is not a ProductCode (1 to {MAX_CODE_LENGTE} letters/digits)")
    return code


def _verwijzer_type(code: str) -> str:
    if code not in VERWIJZER_TYPES:
        raise ValueError(f"{code!r} is not a COD327 Verwijzer type (01-06, 08; there is no 07)")
    return code


def _rule_id(value: str) -> str:
    if not _RULE_ID.fullmatch(value):
        raise ValueError(f"{value!r} is not a rule id (1-16 letters, digits, '.', '_', '-')")
    return value


def _name(value: str) -> str:
    if not _NAME.fullmatch(value):
        raise ValueError(f"{value!r} is not a rule set name (lowercase letters, digits, '-', '_')")
    return value


def _not_empty(values: tuple[Any, ...]) -> tuple[Any, ...]:
    # A constraint rather than Field(min_length=1): pydantic would also report a list whose
    # items failed as empty.
    if not values:
        raise ValueError("list at least one")
    return values


def _unique(values: tuple[str, ...]) -> tuple[str, ...]:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            raise ValueError(f"{value!r} is listed twice")
        seen.add(value)
    return values


Gemeentecode = Annotated[StrictStr, AfterValidator(_gemeente)]
Categorie = Annotated[StrictStr, AfterValidator(_categorie)]
Productcode = Annotated[StrictStr, AfterValidator(_productcode)]
VerwijzerType = Annotated[StrictStr, AfterValidator(_verwijzer_type)]
RuleId = Annotated[StrictStr, AfterValidator(_rule_id)]
Limit = Annotated[StrictInt, Field(gt=0)]
Name = Annotated[StrictStr, Field(min_length=1)]

_STRICT = ConfigDict(extra="forbid", frozen=True)


class Rule(BaseModel):
    """Match criteria and limits: within them `id` grants, beyond them `exceeded` investigates.

    An empty `categorieen` matches any category. An empty `productcodes` matches nothing: it
    marks codes that only the contract knows, for the operator to set. A request in minutes
    (Eenheid 01/04/16) is held to `max_minutes`, one in pieces (82/84, one piece = one session)
    to `max_sessions`. `vooroverleg`, when set, names the rule that grants a request beyond the
    limits that a recorded vooroverleg covers.
    """

    model_config = _STRICT

    id: RuleId
    product: Name
    categorieen: Annotated[tuple[Categorie, ...], AfterValidator(_unique)] = ()
    productcodes: Annotated[tuple[Productcode, ...], AfterValidator(_unique)]
    verwijzer_types: Annotated[
        tuple[VerwijzerType, ...], AfterValidator(_not_empty), AfterValidator(_unique)
    ]
    max_minutes: Limit | None = None
    max_sessions: Limit | None = None
    max_months: Limit | None = None
    exceeded: RuleId
    vooroverleg: RuleId | None = None

    @model_validator(mode="after")
    def _limited(self) -> Rule:
        if self.max_minutes is None and self.max_sessions is None and self.max_months is None:
            raise ValueError(
                "set at least one of max_minutes, max_sessions, max_months: "
                "a rule without limits would grant everything it matches"
            )
        if self.id in (self.exceeded, self.vooroverleg):
            raise ValueError(f"exceeded and vooroverleg need ids other than the rule's {self.id}")
        return self

    def fits(self, categorie: str, verwijzer_type: str) -> bool:
        """Whether a request's category and referrer fit this rule, whatever its code."""
        return verwijzer_type in self.verwijzer_types and (
            not self.categorieen or categorie in self.categorieen
        )

    def matches(self, categorie: str, code: str | None, verwijzer_type: str) -> bool:
        """Whether this rule applies to a requested product."""
        return code in self.productcodes and self.fits(categorie, verwijzer_type)


class Referral(BaseModel):
    """The region's rules on referrals: valid for `valid_months` from the letter, used once."""

    model_config = _STRICT

    verwijzer_types: Annotated[
        tuple[VerwijzerType, ...], AfterValidator(_not_empty), AfterValidator(_unique)
    ]
    valid_months: Limit
    expired: RuleId
    reused: RuleId


class Termijnen(BaseModel):
    """A region's own deadlines (each off when not set) and what follows a definitive stop."""

    model_config = _STRICT

    verlenging_vanaf_weken: Limit | None = None
    verlenging_uiterlijk_weken: Limit | None = None
    evaluatie_maanden: Limit | None = None
    evaluatie_na_looptijd_maanden: Limit | None = None
    contactmoment_maanden: Limit | None = None
    inkorten_na_stop: StrictBool = False

    @model_validator(mode="after")
    def _window(self) -> Termijnen:
        vanaf, uiterlijk = self.verlenging_vanaf_weken, self.verlenging_uiterlijk_weken
        if (vanaf is None) != (uiterlijk is None):
            raise ValueError("set both verlenging_vanaf_weken and verlenging_uiterlijk_weken")
        if vanaf is not None and uiterlijk is not None and vanaf <= uiterlijk:
            raise ValueError("the extension window opens (vanaf) before it closes (uiterlijk)")
        if self.evaluatie_na_looptijd_maanden is not None and self.evaluatie_maanden is None:
            raise ValueError("evaluatie_na_looptijd_maanden needs evaluatie_maanden")
        return self


class RuleSet(BaseModel):
    """One region's rules, for the gemeenten it names."""

    model_config = _STRICT

    name: Annotated[StrictStr, AfterValidator(_name)]
    title: Name
    gemeenten: Annotated[tuple[Gemeentecode, ...], AfterValidator(_unique)]
    default_outcome: Uitkomst = Uitkomst.ONDERZOEK
    referral: Referral | None = None
    rules: Annotated[tuple[Rule, ...], AfterValidator(_not_empty)]
    termijnen: Termijnen = Termijnen()
    _source: str = PrivateAttr(default="")

    @model_validator(mode="after")
    def _consistent(self) -> RuleSet:
        ids = [rule.id for rule in self.rules]
        for rule_id in ids:
            if ids.count(rule_id) > 1:
                raise ValueError(f"rules: id {rule_id!r} is used by more than one rule")
        for i, first in enumerate(self.rules):
            for second in self.rules[i + 1 :]:
                if _overlap(first, second):
                    raise ValueError(
                        f"rules {first.id} and {second.id} both match the same product code "
                        "for the same verwijzer type and categorie"
                    )
        return self

    @property
    def source(self) -> str:
        """The file this rule set was read from ('' when built in code)."""
        return self._source

    def unconfigured(self) -> tuple[str, ...]:
        """What the operator still has to set before the rule set does all it should."""
        notes = []
        if not self.gemeenten:
            notes.append(f"rule set {self.name!r}: gemeenten is empty, it applies to no gemeente")
        notes.extend(
            f"rule set {self.name!r}: product codes for {rule.product!r} (rule {rule.id}) "
            "are not configured"
            for rule in self.rules
            if not rule.productcodes
        )
        return tuple(notes)

    def lacunes(self) -> tuple[str, ...]:
        """What the rule set leaves undecided until the operator fills it in, for the log."""
        if not self.gemeenten:
            return (
                f"regelset {self.name}: geen gemeenten ingesteld — deze regelset geldt voor geen "
                "enkele gemeente",
            )
        gevolg = gevolg_van(self.default_outcome)
        zonder = [rule for rule in self.rules if not rule.productcodes]
        if len(zonder) == len(self.rules):
            return (
                f"regelset {self.name}: geen productcodes ingesteld — geen regel kent iets "
                f"automatisch toe, alle verzoeken {gevolg}",
            )
        return tuple(
            f"regelset {self.name}: geen productcodes ingesteld voor {rule.product} (regel "
            f"{rule.id}) — die verzoeken {gevolg}"
            for rule in zonder
        )


def gevolg_van(outcome: Uitkomst) -> str:
    """What happens to a request no rule decides, in words: 'gaan in onderzoek'."""
    if outcome == Uitkomst.TOEKENNEN:
        return "worden zonder toets toegekend"
    return "gaan in onderzoek"


def _overlap(first: Rule, second: Rule) -> bool:
    categories = (
        not first.categorieen
        or not second.categorieen
        or bool(set(first.categorieen) & set(second.categorieen))
    )
    return (
        categories
        and bool(set(first.productcodes) & set(second.productcodes))
        and bool(set(first.verwijzer_types) & set(second.verwijzer_types))
    )


class RuleSets:
    """Every loaded rule set, found by gemeente code."""

    __slots__ = ("_by_gemeente", "_sets")

    def __init__(self, sets: Iterable[RuleSet]) -> None:
        self._sets = tuple(sets)
        self._by_gemeente: dict[str, RuleSet] = {}
        names: dict[str, RuleSet] = {}
        for rule_set in self._sets:
            if rule_set.name in names:
                raise RuleSetError(
                    f"{rule_set.source}: name {rule_set.name!r} is already used by "
                    f"{names[rule_set.name].source}"
                )
            names[rule_set.name] = rule_set
            for code in rule_set.gemeenten:
                other = self._by_gemeente.get(code)
                if other is not None:
                    raise RuleSetError(
                        f"{rule_set.source}: gemeenten: {code} is already in rule set "
                        f"{other.name!r} ({other.source}); a gemeente belongs to one rule set"
                    )
                self._by_gemeente[code] = rule_set

    def rule_set_for(self, gemeente: str) -> RuleSet | None:
        """The rule set that names this CBS gemeente code, or None."""
        return self._by_gemeente.get(gemeente)

    def __iter__(self) -> Iterator[RuleSet]:
        return iter(self._sets)

    def __len__(self) -> int:
        return len(self._sets)


def bundled_folder() -> Traversable:
    """The rule sets shipped with the service (both seed regions)."""
    return resources.files("app.decisions").joinpath("rulesets")


def load_rule_sets(folder: Path | Traversable | None = None) -> RuleSets:
    """Load and validate every `*.toml` in `folder` (the bundled rule sets by default)."""
    folder = bundled_folder() if folder is None else folder
    if not folder.is_dir():
        raise RuleSetError(f"{folder}: not a folder of rule set files")
    files = sorted(
        (entry for entry in folder.iterdir() if entry.name.endswith(".toml") and entry.is_file()),
        key=lambda entry: entry.name,
    )
    if not files:
        raise RuleSetError(f"{folder}: holds no *.toml rule set files")
    return RuleSets(load_rule_set(entry) for entry in files)


def load_rule_set(path: Path | Traversable) -> RuleSet:
    """Load and validate one rule set file; any problem raises RuleSetError naming file and key."""
    source = str(path)
    try:
        data = tomllib.loads(path.read_bytes().decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise RuleSetError(f"{source}: not UTF-8 text") from exc
    except tomllib.TOMLDecodeError as exc:
        raise RuleSetError(f"{source}: not valid TOML ({exc})") from exc
    try:
        rule_set = RuleSet.model_validate(data)
    except ValidationError as exc:
        problems = [_problem(data, error) for error in exc.errors()]
        raise RuleSetError(f"{source}: " + "; ".join(problems)) from None
    rule_set._source = source
    return rule_set


def _problem(data: dict[str, Any], error: Any) -> str:
    key = _key(data, error["loc"])
    if error["type"] == "extra_forbidden":
        return f"{key}: unknown key"
    if error["type"] == "missing":
        return f"{key}: required key is missing"
    message = error["msg"].removeprefix("Value error, ")
    if error["type"] == "value_error":
        return f"{key}: {message}" if key else message
    return f"{key}: {message} (got {error['input']!r})"


def _key(data: dict[str, Any], loc: tuple[str | int, ...]) -> str:
    """A pydantic location as the TOML key path, e.g. `rules[0] (A1).max_minutes`."""
    parts: list[str] = []
    node: Any = data
    for part in loc:
        if isinstance(part, int):
            label = f"[{part}]"
            node = node[part] if isinstance(node, list) and part < len(node) else None
            if isinstance(node, dict) and isinstance(node.get("id"), str):
                label += f" ({node['id']})"
            parts.append(label)
        else:
            parts.append(f".{part}" if parts else part)
            node = node.get(part) if isinstance(node, dict) else None
    return "".join(parts)
