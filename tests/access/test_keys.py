"""API keys: who may hold which scope, what is stored, revocation, and the lookup cache."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

import pytest
from sqlalchemy import text

from app.access import keys
from app.access.toegang import Rol, Toegang
from app.clock import as_utc
from app.persistence.database import make_engine, make_sessionmaker

NOW = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)


@pytest.fixture
def sessions(database_url):
    engine = make_engine(database_url)
    yield make_sessionmaker(engine)
    engine.dispose()


def _create(sessions, rol: Rol, **scope) -> tuple[int, str]:
    with sessions.begin() as session:
        row, key = keys.create(session, rol, naam=f"test {rol}", now=NOW, **scope)
        return row.id, key


@pytest.mark.parametrize(
    ("rol", "scope", "fragment"),
    [
        (Rol.AANBIEDER, {}, "needs --agb with an 8-digit AGB"),
        (Rol.AANBIEDER, {"agb": "1234567"}, "needs --agb with an 8-digit AGB"),
        (Rol.AANBIEDER, {"agb": "1234567a"}, "needs --agb with an 8-digit AGB"),
        (Rol.AANBIEDER, {"agb": "87654321\n"}, "needs --agb with an 8-digit AGB"),
        (Rol.AANBIEDER, {"agb": "87654321", "gemeenten": ["0153"]}, "not bound to gemeenten"),
        (Rol.GEMEENTE, {}, "needs at least one --gemeente"),
        (Rol.GEMEENTE, {"gemeenten": ["153"]}, "153: not a 4-digit CBS gemeentecode"),
        (Rol.GEMEENTE, {"gemeenten": ["0153\n"]}, "not a 4-digit CBS gemeentecode"),
        (Rol.GEMEENTE, {"gemeenten": ["0153"], "agb": "87654321"}, "not bound to an AGB"),
        (Rol.BEHEERDER, {}, "needs at least one --gemeente"),
        (Rol.BROKER, {"agb": "87654321"}, "not bound to an AGB"),
        (Rol.BROKER, {"gemeenten": ["0153"]}, "not bound to gemeenten"),
        (Rol.OPERATOR, {"gemeenten": ["0153"]}, "not bound to gemeenten"),
    ],
)
def test_a_key_gets_exactly_the_scope_its_role_needs(sessions, rol, scope, fragment):
    with pytest.raises(keys.KeyRefused, match=fragment), sessions.begin() as session:
        keys.create(session, rol, naam="x", now=NOW, **scope)
    with sessions() as session:
        assert keys.all_keys(session) == []


@pytest.mark.parametrize(
    ("rol", "scope", "agb", "gemeenten"),
    [
        (Rol.AANBIEDER, {"agb": "87654321"}, "87654321", frozenset()),
        (Rol.GEMEENTE, {"gemeenten": ["0164", "0153", "0164"]}, None, {"0153", "0164"}),
        (Rol.BEHEERDER, {"gemeenten": ["0363"]}, None, {"0363"}),
        (Rol.BROKER, {}, None, frozenset()),
        (Rol.OPERATOR, {}, None, frozenset()),
    ],
)
def test_a_key_grants_its_role_and_scope(sessions, rol, scope, agb, gemeenten):
    key_id, key = _create(sessions, rol, **scope)
    assert key.startswith("ijw_") and len(key) > 40
    with sessions() as session:
        found = keys.lookup(session, key)
        [row] = keys.all_keys(session)
    assert found == Toegang(key_id=key_id, rol=rol, agb=agb, gemeenten=frozenset(gemeenten))
    assert row.gemeenten == sorted(gemeenten)


def test_only_the_sha256_of_a_key_is_stored(sessions):
    _, key = _create(sessions, Rol.GEMEENTE, gemeenten=["0153"])
    with sessions() as session:
        [cells] = [
            [str(value) for value in row] for row in session.execute(text("SELECT * FROM api_key"))
        ]
    assert hashlib.sha256(key.encode()).hexdigest() in cells
    assert key[:12] in cells  # the prefix a listing shows
    secret = key[12:]
    assert not [cell for cell in cells if secret in cell or key in cell]


def test_every_key_is_new(sessions):
    made = {_create(sessions, Rol.BROKER)[1] for _ in range(20)}
    assert len(made) == 20


def test_revoke_by_id_or_prefix_stops_exactly_that_key(sessions):
    first_id, first = _create(sessions, Rol.BROKER)
    second_id, second = _create(sessions, Rol.BROKER)
    third_id, third = _create(sessions, Rol.OPERATOR)
    later = datetime(2026, 11, 21, tzinfo=UTC)
    with sessions.begin() as session:
        assert [row.id for row in keys.revoke(session, str(first_id), later)] == [first_id]
        assert [row.id for row in keys.revoke(session, second[:12], later)] == [second_id]
    with sessions.begin() as session:
        assert keys.lookup(session, first) is None
        assert keys.lookup(session, second) is None
        assert keys.lookup(session, third).key_id == third_id
        # Revoking again revokes nothing and keeps the first moment.
        assert keys.revoke(session, str(first_id), datetime(2026, 12, 1, tzinfo=UTC)) == []
        assert keys.revoke(session, "ijw_unknown1", later) == []
        assert keys.revoke(session, "999", later) == []
    with sessions() as session:
        revoked = {row.id: row.revoked_at for row in keys.all_keys(session)}
    assert revoked[third_id] is None
    for key_id in (first_id, second_id):
        assert as_utc(revoked[key_id]) == later


@pytest.mark.parametrize("which", ["99999999999999999999", "arabic-indic", "+1", " 1", "1\n"])
def test_only_an_id_as_typed_in_ascii_digits_revokes_by_id(sessions, which):
    key_id, key = _create(sessions, Rol.BROKER)
    if which == "arabic-indic":
        which = str(key_id).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    with sessions.begin() as session:
        assert keys.revoke(session, which, NOW) == []
    with sessions() as session:
        assert keys.lookup(session, key).key_id == key_id


def test_an_unknown_key_is_no_key(sessions):
    _create(sessions, Rol.BROKER)
    with sessions() as session:
        assert keys.lookup(session, "ijw_" + "A" * 43) is None
        assert keys.lookup(session, "") is None


class Counting:
    """A session factory that counts the sessions it opens (one per database lookup)."""

    def __init__(self, factory) -> None:
        self.factory = factory
        self.opened = 0

    def __call__(self):
        self.opened += 1
        return self.factory()


class Monotonic:
    """A monotonic clock moved by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _revoke(sessions, key_id: int) -> None:
    with sessions.begin() as session:
        assert keys.revoke(session, str(key_id), NOW)


def test_a_revoked_key_works_from_the_cache_only_until_the_ttl_passes(sessions):
    key_id, key = _create(sessions, Rol.BROKER)
    factory, clock = Counting(sessions), Monotonic()
    store = keys.KeyStore(factory, ttl=30, monotonic=clock)
    assert store.cached(key) is None
    assert store.find(key).key_id == key_id
    assert store.cached(key).key_id == key_id
    _revoke(sessions, key_id)
    clock.now += 29.9
    assert store.find(key).key_id == key_id
    assert factory.opened == 1
    clock.now += 0.1
    assert store.cached(key) is None
    assert store.find(key) is None
    assert factory.opened == 2
    # Once found revoked, it is asked for again on every request.
    assert store.find(key) is None
    assert factory.opened == 3


def test_with_ttl_zero_every_request_looks_the_key_up(sessions):
    key_id, key = _create(sessions, Rol.BROKER)
    factory = Counting(sessions)
    store = keys.KeyStore(factory, ttl=0, monotonic=Monotonic())
    assert store.find(key).key_id == key_id
    assert store.find(key).key_id == key_id
    assert store.cached(key) is None
    assert factory.opened == 2
    _revoke(sessions, key_id)
    assert store.find(key) is None
    assert factory.opened == 3


def test_unknown_keys_are_not_remembered(sessions):
    factory = Counting(sessions)
    store = keys.KeyStore(factory, ttl=30, monotonic=Monotonic())
    assert store.find("ijw_nope") is None
    assert store.cached("ijw_nope") is None
    assert store.find("ijw_nope") is None
    assert factory.opened == 2
