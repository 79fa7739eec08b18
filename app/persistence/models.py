"""The ORM tables, all in one place (singular snake_case; `_at` aware UTC, `_date` dates)."""

from __future__ import annotations

from datetime import date, datetime
from typing import ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

Id = BigInteger().with_variant(Integer, "sqlite")
"""Primary keys: 64-bit on PostgreSQL; INTEGER on SQLite, where only that autoincrements."""


class Base(DeclarativeBase):
    """Declarative base with constraint names Alembic can compare."""

    metadata = MetaData(naming_convention=NAMING)
    # Every model maps one Table (never a join or a select), so core statements may take it.
    __table__: ClassVar[Table]


def _utc() -> DateTime:
    return DateTime(timezone=True)


class Bericht(Base):
    """One iJw message that arrived or that we built, with its raw XML."""

    __tablename__ = "bericht"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    richting: Mapped[str] = mapped_column(String(3))
    type: Mapped[str] = mapped_column(String(5))
    berichtcode: Mapped[str] = mapped_column(String(3))
    afzender: Mapped[str] = mapped_column(String(8))
    ontvanger: Mapped[str] = mapped_column(String(8))
    gemeente: Mapped[str] = mapped_column(String(4))
    identificatie: Mapped[str] = mapped_column(String(12))
    dagtekening_date: Mapped[date] = mapped_column(Date)
    identificatie_retour: Mapped[str | None] = mapped_column(String(12))
    sha256: Mapped[str] = mapped_column(String(64))
    xml: Mapped[bytes] = mapped_column(LargeBinary)
    at: Mapped[datetime] = mapped_column(_utc())
    uitkomst: Mapped[str] = mapped_column(String(32))
    retourcodes: Mapped[str | None] = mapped_column(String(200))
    beantwoordt_id: Mapped[int | None] = mapped_column(ForeignKey("bericht.id"), index=True)

    __table_args__ = (Index(None, "gemeente", "type", "identificatie"),)


class BerichtSleutel(Base):
    """An identification claimed by one message: unique per sender and BerichtCode (TR056)."""

    __tablename__ = "bericht_sleutel"

    afzender: Mapped[str] = mapped_column(String(8), primary_key=True)
    berichtcode: Mapped[str] = mapped_column(String(3), primary_key=True)
    identificatie: Mapped[str] = mapped_column(String(12), primary_key=True)
    bericht_id: Mapped[int] = mapped_column(ForeignKey("bericht.id"), index=True)


class Ontvangst(Base):
    """One POST that arrived and how it was answered, whatever it held."""

    __tablename__ = "ontvangst"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    received_at: Mapped[datetime] = mapped_column(_utc(), index=True)
    content_type: Mapped[str | None] = mapped_column(String(200))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str | None] = mapped_column(String(64))
    body: Mapped[bytes | None] = mapped_column(LargeBinary)
    http_status: Mapped[int] = mapped_column(Integer)
    uitkomst: Mapped[str] = mapped_column(String(40))
    detail: Mapped[str | None] = mapped_column(String(2000))
    bericht_id: Mapped[int | None] = mapped_column(ForeignKey("bericht.id"), index=True)
    key_id: Mapped[int | None] = mapped_column(ForeignKey("api_key.id"))
    """The API key that posted it (null before keys existed)."""


class Verzoek(Base):
    """A request: one per AangevraagdProduct of a VOT, one per VOW."""

    __tablename__ = "verzoek"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    soort: Mapped[str] = mapped_column(String(3))
    gemeente: Mapped[str] = mapped_column(String(4))
    aanbieder: Mapped[str] = mapped_column(String(8))
    referentie_aanbieder: Mapped[str] = mapped_column(String(36))
    bsn: Mapped[str] = mapped_column(String(9))
    status: Mapped[str] = mapped_column(String(32))
    bericht_id: Mapped[int] = mapped_column(ForeignKey("bericht.id"), index=True)
    dagtekening_date: Mapped[date] = mapped_column(Date)
    received_at: Mapped[datetime] = mapped_column(_utc())
    categorie: Mapped[str | None] = mapped_column(String(2))
    code: Mapped[str | None] = mapped_column(String(5))
    ingangsdatum_date: Mapped[date | None] = mapped_column(Date)
    einddatum_date: Mapped[date | None] = mapped_column(Date)
    volume: Mapped[int | None] = mapped_column(Integer)
    eenheid: Mapped[str | None] = mapped_column(String(2))
    frequentie: Mapped[str | None] = mapped_column(String(1))
    budget: Mapped[int | None] = mapped_column(Integer)
    verwijzer_type: Mapped[str | None] = mapped_column(String(2))
    verwijzer_code: Mapped[str | None] = mapped_column(String(8))
    verwijzer_naam: Mapped[str | None] = mapped_column(String(64))
    reden_verzoek: Mapped[str | None] = mapped_column(String(1))
    beantwoord_at: Mapped[datetime | None] = mapped_column(_utc())

    __table_args__ = (
        UniqueConstraint("gemeente", "aanbieder", "referentie_aanbieder"),
        Index(None, "gemeente", "aanbieder", "bsn", "status"),
        Index(None, "gemeente", "bsn"),  # a client's requests at every aanbieder (rule A7)
    )


class _ToewijzingGegevens:
    """The fields a toewijzing version carries (JW301 ToegewezenProduct)."""

    categorie: Mapped[str | None] = mapped_column(String(2))
    code: Mapped[str | None] = mapped_column(String(5))
    ingangsdatum_date: Mapped[date] = mapped_column(Date)
    einddatum_date: Mapped[date | None] = mapped_column(Date)
    reden_wijziging: Mapped[str | None] = mapped_column(String(2))
    volume: Mapped[int | None] = mapped_column(Integer)
    eenheid: Mapped[str | None] = mapped_column(String(2))
    frequentie: Mapped[str | None] = mapped_column(String(1))
    budget: Mapped[int | None] = mapped_column(Integer)
    referentie_aanbieder: Mapped[str | None] = mapped_column(String(36))
    toegewezen_at: Mapped[datetime] = mapped_column(_utc())


class Toewijzing(_ToewijzingGegevens, Base):
    """A toewijzing as it stands now; its history is in `toewijzing_versie`."""

    __tablename__ = "toewijzing"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    gemeente: Mapped[str] = mapped_column(String(4))
    nummer: Mapped[int] = mapped_column(Integer)
    aanbieder: Mapped[str] = mapped_column(String(8))
    bsn: Mapped[str] = mapped_column(String(9))
    versie: Mapped[int] = mapped_column(Integer)
    verzoek_id: Mapped[int | None] = mapped_column(ForeignKey("verzoek.id"), index=True)

    __table_args__ = (
        UniqueConstraint("gemeente", "nummer"),
        Index(None, "gemeente", "aanbieder", "bsn"),
    )


class ToewijzingVersie(_ToewijzingGegevens, Base):
    """One version of a toewijzing, and the JW301 that carried it to the aanbieder."""

    __tablename__ = "toewijzing_versie"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    toewijzing_id: Mapped[int] = mapped_column(ForeignKey("toewijzing.id"))
    versie: Mapped[int] = mapped_column(Integer)
    bericht_id: Mapped[int | None] = mapped_column(ForeignKey("bericht.id"), index=True)
    besloten_door: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(_utc())

    __table_args__ = (UniqueConstraint("toewijzing_id", "versie"),)


class _Regie:
    """What starts and stops share: who, which toegewezen product, from when, and status."""

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    gemeente: Mapped[str] = mapped_column(String(4))
    aanbieder: Mapped[str] = mapped_column(String(8))
    bsn: Mapped[str] = mapped_column(String(9))
    toewijzing_nummer: Mapped[int | None] = mapped_column(Integer)
    categorie: Mapped[str | None] = mapped_column(String(2))
    code: Mapped[str | None] = mapped_column(String(5))
    begindatum_date: Mapped[date] = mapped_column(Date)
    toewijzing_ingangsdatum_date: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10))
    received_at: Mapped[datetime] = mapped_column(_utc())


class StartZorg(_Regie, Base):
    """A StartProduct of a JW305: active, or deleted by a later status 3."""

    __tablename__ = "start_zorg"

    bericht_id: Mapped[int] = mapped_column(ForeignKey("bericht.id"), index=True)
    verwijderd_door_id: Mapped[int | None] = mapped_column(ForeignKey("bericht.id"))

    __table_args__ = (Index(None, "gemeente", "aanbieder", "bsn"),)


class StopZorg(_Regie, Base):
    """A StopProduct of a JW307: active, or deleted by a later status 3."""

    __tablename__ = "stop_zorg"

    reden_beeindiging: Mapped[str] = mapped_column(String(2))
    einddatum_date: Mapped[date] = mapped_column(Date)
    bericht_id: Mapped[int] = mapped_column(ForeignKey("bericht.id"), index=True)
    verwijderd_door_id: Mapped[int | None] = mapped_column(ForeignKey("bericht.id"))

    __table_args__ = (Index(None, "gemeente", "aanbieder", "bsn"),)


class Vooroverleg(Base):
    """An agreement a gemeente worker made with an aanbieder before a request (rule A3)."""

    __tablename__ = "vooroverleg"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    gemeente: Mapped[str] = mapped_column(String(4))
    aanbieder: Mapped[str] = mapped_column(String(8))
    bsn: Mapped[str] = mapped_column(String(9))
    categorie: Mapped[str] = mapped_column(String(2))
    code: Mapped[str | None] = mapped_column(String(5))
    max_minuten: Mapped[int] = mapped_column(Integer)
    einddatum_date: Mapped[date] = mapped_column(Date)
    soort: Mapped[str] = mapped_column(String(20))
    vastgelegd_door: Mapped[str] = mapped_column(String(100))
    vastgelegd_at: Mapped[datetime] = mapped_column(_utc())

    __table_args__ = (Index(None, "gemeente", "aanbieder", "bsn"),)


class Client(Base):
    """A client: personal data from the messages, Contactgegevens from the gemeente (for JW301)."""

    __tablename__ = "client"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    gemeente: Mapped[str] = mapped_column(String(4))
    bsn: Mapped[str] = mapped_column(String(9))
    geboortedatum_date: Mapped[date] = mapped_column(Date)
    datum_gebruik: Mapped[str | None] = mapped_column(String(1))
    geslacht: Mapped[str] = mapped_column(String(1))
    achternaam: Mapped[str] = mapped_column(String(200))
    voorvoegsel: Mapped[str | None] = mapped_column(String(10))
    voornamen: Mapped[str | None] = mapped_column(String(200))
    voorletters: Mapped[str | None] = mapped_column(String(6))
    contacten: Mapped[list | None] = mapped_column(JSON)
    bijgewerkt_at: Mapped[datetime] = mapped_column(_utc())
    naam_gebruik: Mapped[str | None] = mapped_column(String(1))
    """COD700; null: 1 (the client's own name)."""
    partner_achternaam: Mapped[str | None] = mapped_column(String(200))
    partner_voorvoegsel: Mapped[str | None] = mapped_column(String(10))
    bron: Mapped[str | None] = mapped_column(String(16))
    """Where the Contactgegevens came from: `brp` (fetched) or null (recorded by a worker)."""

    __table_args__ = (UniqueConstraint("gemeente", "bsn"),)


class BrpOpvraging(Base):
    """The last BRP call for a waiting client: its outcome, reason and when to try again."""

    __tablename__ = "brp_opvraging"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    gemeente: Mapped[str] = mapped_column(String(4))
    bsn: Mapped[str] = mapped_column(String(9))
    uitkomst: Mapped[str] = mapped_column(String(16))
    """`gevonden`, `onbekend` (waits for a worker) or `onbereikbaar` (retried)."""
    reden: Mapped[str] = mapped_column(String(500))
    pogingen: Mapped[int] = mapped_column(Integer)
    volgende_poging_at: Mapped[datetime | None] = mapped_column(_utc(), index=True)
    bijgewerkt_at: Mapped[datetime] = mapped_column(_utc())

    __table_args__ = (UniqueConstraint("gemeente", "bsn"),)


class ClientReferentie(Base):
    """A client's opaque reference in one gemeente, so a werkplek URL never holds the BSN."""

    __tablename__ = "client_referentie"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    ref: Mapped[str] = mapped_column(String(32), unique=True)
    """Random (secrets.token_urlsafe): says nothing about the BSN and cannot be guessed."""
    gemeente: Mapped[str] = mapped_column(String(4))
    bsn: Mapped[str] = mapped_column(String(9))
    created_at: Mapped[datetime] = mapped_column(_utc())

    __table_args__ = (UniqueConstraint("gemeente", "bsn"),)


class Beslissing(Base):
    """The decision record of one verzoek: rule set, rule, figures, outcome, who and when."""

    __tablename__ = "beslissing"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    verzoek_id: Mapped[int] = mapped_column(ForeignKey("verzoek.id"), index=True)
    regelset: Mapped[str | None] = mapped_column(String(64))
    regel: Mapped[str] = mapped_column(String(16))
    uitkomst: Mapped[str] = mapped_column(String(16))
    figuren: Mapped[dict] = mapped_column(JSON)
    redenen: Mapped[list] = mapped_column(JSON)
    beheer: Mapped[list | None] = mapped_column(JSON)
    """What the gemeente must configure or record; never shown to the aanbieder."""
    reden_afwijzing: Mapped[str | None] = mapped_column(String(1))
    besloten_door: Mapped[str] = mapped_column(String(100))
    besloten_at: Mapped[datetime] = mapped_column(_utc())
    bericht_id: Mapped[int | None] = mapped_column(ForeignKey("bericht.id"))


class Verwijzing(Base):
    """The referral letter behind a request, supplied outside the messages (rules A6/A7)."""

    __tablename__ = "verwijzing"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    gemeente: Mapped[str] = mapped_column(String(4))
    aanbieder: Mapped[str] = mapped_column(String(8))
    referentie_aanbieder: Mapped[str] = mapped_column(String(36))
    datum_date: Mapped[date] = mapped_column(Date)
    verwijzer_type: Mapped[str] = mapped_column(String(2))
    verwijzer_code: Mapped[str | None] = mapped_column(String(8))
    verwijzer_naam: Mapped[str | None] = mapped_column(String(64))
    vastgelegd_door: Mapped[str] = mapped_column(String(100))
    vastgelegd_at: Mapped[datetime] = mapped_column(_utc())
    vastgelegd_rol: Mapped[str | None] = mapped_column(String(16))
    """The role of the key that recorded it: `gemeente` or `aanbieder` (null before keys)."""
    key_id: Mapped[int | None] = mapped_column(ForeignKey("api_key.id"))

    __table_args__ = (UniqueConstraint("gemeente", "aanbieder", "referentie_aanbieder"),)


class Outbox(Base):
    """An outgoing message (JW301, JW319) that passed its checks and is owed to the broker."""

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    bericht_id: Mapped[int] = mapped_column(ForeignKey("bericht.id"), unique=True)
    gemeente: Mapped[str] = mapped_column(String(4))
    aanbieder: Mapped[str] = mapped_column(String(8))
    bsn: Mapped[str | None] = mapped_column(String(9))
    """The client the message is about, so a read of it is audited (null before 2026-11-28)."""
    type: Mapped[str] = mapped_column(String(5))
    created_at: Mapped[datetime] = mapped_column(_utc())
    status: Mapped[str] = mapped_column(String(10), server_default="wachtend")
    """'wachtend' (owed), 'bezorgd' (the broker has it) or 'dood' (given up; to retry)."""
    pogingen: Mapped[int] = mapped_column(Integer, server_default="0")
    volgende_poging_at: Mapped[datetime | None] = mapped_column(_utc())
    """Not before this moment; also the lease of a dispatcher that is sending it now."""
    laatste_fout: Mapped[str | None] = mapped_column(String(100))
    """The last failure as an HTTP status or exception class: never content or a BSN."""
    bezorgd_at: Mapped[datetime | None] = mapped_column(_utc())
    bevestigd_at: Mapped[datetime | None] = mapped_column(_utc())
    """When a fetching broker acknowledged it (POST /outbox/{id}/ack)."""

    __table_args__ = (
        Index(None, "gemeente", "aanbieder"),
        Index(None, "status", "volgende_poging_at"),
    )


class Nummerreeks(Base):
    """The last number handed out per gemeente and series (ToewijzingNummer, Identificatie)."""

    __tablename__ = "nummerreeks"

    gemeente: Mapped[str] = mapped_column(String(4), primary_key=True)
    reeks: Mapped[str] = mapped_column(String(16), primary_key=True)
    laatste: Mapped[int] = mapped_column(BigInteger)


class Signaal(Base):
    """A deadline of the standard or a region: its subject, due date and state."""

    __tablename__ = "signaal"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    soort: Mapped[str] = mapped_column(String(32))
    onderwerp: Mapped[str] = mapped_column(String(16))
    onderwerp_id: Mapped[int] = mapped_column(BigInteger)
    gemeente: Mapped[str] = mapped_column(String(4))
    aanbieder: Mapped[str] = mapped_column(String(8))
    vanaf_date: Mapped[date] = mapped_column(Date)
    due_date: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10))
    te_laat: Mapped[bool] = mapped_column(Boolean, default=False)
    detail: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(_utc())
    changed_at: Mapped[datetime] = mapped_column(_utc())

    __table_args__ = (
        UniqueConstraint("soort", "onderwerp", "onderwerp_id"),
        # Overdue is derived from the due date (SignaalScan): both status indexes hold it, so
        # open and overdue are ranges, and the overdue count per kind reads the index alone.
        Index(None, "status", "due_date", "soort"),
        Index(None, "gemeente", "aanbieder", "status", "due_date"),
        # The werkvoorraad walks a subject's signals in due-date order and stops at a page.
        Index(None, "onderwerp", "due_date", "onderwerp_id"),
    )


class SignaalScan(Base):
    """How far the deadline scan has passed the calendar: one row, or none before any scan.

    A signal stored `open` and due before `tot` is overdue; the scan moves `tot` instead of
    rewriting every signal that falls due.
    """

    __tablename__ = "signaal_scan"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    tot: Mapped[date] = mapped_column(Date)
    gescand_at: Mapped[datetime] = mapped_column(_utc())

    __table_args__ = (CheckConstraint("id = 1", name="een_rij"),)


class TermijnVastlegging(Base):
    """A regional record that answers a signal: an extension notice, evaluation or contact."""

    __tablename__ = "termijn_vastlegging"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    toewijzing_id: Mapped[int] = mapped_column(ForeignKey("toewijzing.id"))
    soort: Mapped[str] = mapped_column(String(32))
    datum_date: Mapped[date] = mapped_column(Date)
    details: Mapped[dict] = mapped_column(JSON)
    vastgelegd_door: Mapped[str] = mapped_column(String(100))
    vastgelegd_at: Mapped[datetime] = mapped_column(_utc())
    vastgelegd_rol: Mapped[str | None] = mapped_column(String(16))
    """The role of the key that recorded it: `gemeente` or `aanbieder` (null before keys)."""
    key_id: Mapped[int | None] = mapped_column(ForeignKey("api_key.id"))

    __table_args__ = (Index(None, "toewijzing_id", "soort"),)


class ApiKey(Base):
    """A caller's API key: only its SHA-256 is kept, with the role and scope it grants."""

    __tablename__ = "api_key"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))
    """The key's first characters, enough to tell keys apart in a listing."""
    rol: Mapped[str] = mapped_column(String(16))
    agb: Mapped[str | None] = mapped_column(String(8))
    gemeenten: Mapped[list[str]] = mapped_column(JSON, default=list)
    naam: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(_utc())
    revoked_at: Mapped[datetime | None] = mapped_column(_utc())


class Gebruiker(Base):
    """A person's werkplek account: only an argon2 hash of the password is kept."""

    __tablename__ = "gebruiker"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    naam: Mapped[str] = mapped_column(String(100), unique=True)
    wachtwoord_hash: Mapped[str] = mapped_column(String(255))
    """Empty for an account that signs in only through the identity provider."""
    oidc_subject: Mapped[str | None] = mapped_column(String(255), unique=True, default=None)
    """The identity provider's `sub` of this person; None for a local account."""
    rol: Mapped[str] = mapped_column(String(16))
    """medewerker, teamleider or beheerder."""
    gemeenten: Mapped[list[str]] = mapped_column(JSON, default=list)
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(_utc())


class WerkplekSessie(Base):
    """A signed-in browser: only the SHA-256 of its cookie's token is kept."""

    __tablename__ = "werkplek_sessie"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    gebruiker_id: Mapped[int] = mapped_column(ForeignKey("gebruiker.id"))
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(_utc())
    last_seen_at: Mapped[datetime] = mapped_column(_utc())

    __table_args__ = (Index(None, "gebruiker_id"),)


class InlogPoging(Base):
    """A failed sign-in, by the name typed (known or not): the lockout counts these."""

    __tablename__ = "inlog_poging"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    gebruikersnaam: Mapped[str] = mapped_column(String(100))
    at: Mapped[datetime] = mapped_column(_utc())

    __table_args__ = (Index(None, "gebruikersnaam", "at"),)


class AuditEntry(Base):
    """One read of personal data: which key or person, in which role, read what, when."""

    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    at: Mapped[datetime] = mapped_column(_utc())
    key_id: Mapped[int | None] = mapped_column(ForeignKey("api_key.id"))
    """The API key that read (a machine), or None when a person read in the werkplek."""
    gebruiker_id: Mapped[int | None] = mapped_column(ForeignKey("gebruiker.id"))
    """The werkplek account that read (a person), or None when an API key read."""
    rol: Mapped[str] = mapped_column(String(16))
    actie: Mapped[str] = mapped_column(String(100))
    """The endpoint or page read, e.g. 'GET /werkvoorraad'."""
    wat: Mapped[str] = mapped_column(String(500))
    """What was read, without a BSN: ids, filters, the number of records."""

    __table_args__ = (
        Index(None, "at"),
        Index(None, "key_id", "at"),
        Index(None, "gebruiker_id", "at"),
        CheckConstraint("(key_id IS NULL) <> (gebruiker_id IS NULL)", name="wie"),
    )


class AuditClient(Base):
    """A client whose data an audit entry read, as a keyed hash of the BSN (never the BSN)."""

    __tablename__ = "audit_client"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    audit_id: Mapped[int] = mapped_column(ForeignKey("audit_entry.id"))
    bsn_hash: Mapped[str] = mapped_column(String(64))
    gemeente: Mapped[str] = mapped_column(String(4))

    __table_args__ = (Index(None, "bsn_hash"), Index(None, "audit_id", "gemeente"))


class AuditSecret(Base):
    """The generated key of the BSN hashes when IJW_AUDIT_SECRET is not set (one row)."""

    __tablename__ = "audit_secret"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    secret: Mapped[str] = mapped_column(String(128))


class Declaratie(Base):
    """A JW323 judged per prestatie: its totals and the JW325 that answered it."""

    __tablename__ = "declaratie"
    __table_args__ = (UniqueConstraint("gemeente", "aanbieder", "nummer"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    bericht_id: Mapped[int] = mapped_column(ForeignKey("bericht.id"), index=True)
    antwoord_id: Mapped[int] = mapped_column(ForeignKey("bericht.id"))
    gemeente: Mapped[str] = mapped_column(String(4))
    aanbieder: Mapped[str] = mapped_column(String(8))
    nummer: Mapped[str] = mapped_column(String(12))
    begindatum_date: Mapped[date] = mapped_column(Date)
    einddatum_date: Mapped[date] = mapped_column(Date)
    ingediend: Mapped[int] = mapped_column(BigInteger)
    """Signed eurocent: credit counts negative."""
    toegekend: Mapped[int] = mapped_column(BigInteger)
    received_at: Mapped[datetime] = mapped_column(_utc())


class DeclaratieRegel(Base):
    """An accepted prestatie: rejected ones count as never sent and are not stored."""

    __tablename__ = "declaratie_regel"
    __table_args__ = (UniqueConstraint("gemeente", "aanbieder", "referentie"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    declaratie_id: Mapped[int] = mapped_column(ForeignKey("declaratie.id"), index=True)
    toewijzing_id: Mapped[int] = mapped_column(ForeignKey("toewijzing.id"), index=True)
    gemeente: Mapped[str] = mapped_column(String(4))
    aanbieder: Mapped[str] = mapped_column(String(8))
    bsn: Mapped[str] = mapped_column(String(9))
    referentie: Mapped[str] = mapped_column(String(20))
    vorig_referentie: Mapped[str | None] = mapped_column(String(20))
    categorie: Mapped[str] = mapped_column(String(2))
    code: Mapped[str] = mapped_column(String(5))
    begindatum_date: Mapped[date] = mapped_column(Date)
    einddatum_date: Mapped[date] = mapped_column(Date)
    volume: Mapped[int] = mapped_column(BigInteger)
    """Signed GeleverdVolume in its Eenheid: credit counts negative."""
    eenheid: Mapped[str] = mapped_column(String(2))
    minuten: Mapped[int | None] = mapped_column(BigInteger)
    """Signed volume in minutes; null when the Eenheid is no unit of time."""
    tarief: Mapped[int | None] = mapped_column(BigInteger)
    bedrag: Mapped[int] = mapped_column(BigInteger)
    """Signed IngediendBedrag in eurocent."""
    gecrediteerd: Mapped[bool] = mapped_column(Boolean, default=False)
    """A debet that a later credit line cancelled (TR390)."""


class EvaluatieCasus(Base):
    """A toewijzing drawn for the evaluation, with the contact time its client reported."""

    __tablename__ = "evaluatie_casus"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    toewijzing_id: Mapped[int] = mapped_column(ForeignKey("toewijzing.id"), unique=True)
    gemeente: Mapped[str] = mapped_column(String(4))
    seed: Mapped[int] = mapped_column(BigInteger)
    gekozen_at: Mapped[datetime] = mapped_column(_utc())
    direct_minuten: Mapped[int | None] = mapped_column(Integer)
    indirect_minuten: Mapped[int | None] = mapped_column(Integer)
    vastgelegd_door: Mapped[str | None] = mapped_column(String(100))
    vastgelegd_at: Mapped[datetime | None] = mapped_column(_utc())


class OidcAanvraag(Base):
    """A sign-in sent to the identity provider and not yet back: what its callback must match."""

    __tablename__ = "oidc_aanvraag"

    state_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    """SHA-256 of the state: the state itself travels only through the browser."""
    nonce: Mapped[str] = mapped_column(String(128))
    code_verifier: Mapped[str] = mapped_column(String(128))
    aangemaakt: Mapped[datetime] = mapped_column(_utc())
