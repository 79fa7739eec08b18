"""Decisions, outbox, client data, referrals and number series (issue 4).

Revision ID: a2bb0d744218
Revises: e5e4e19a66f7
Create Date: 2026-11-28 02:23:59.941972
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "a2bb0d744218"
down_revision = "e5e4e19a66f7"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "client",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("gemeente", sa.String(length=4), nullable=False),
        sa.Column("bsn", sa.String(length=9), nullable=False),
        sa.Column("geboortedatum_date", sa.Date(), nullable=False),
        sa.Column("datum_gebruik", sa.String(length=1), nullable=True),
        sa.Column("geslacht", sa.String(length=1), nullable=False),
        sa.Column("achternaam", sa.String(length=200), nullable=False),
        sa.Column("voorvoegsel", sa.String(length=10), nullable=True),
        sa.Column("voornamen", sa.String(length=200), nullable=True),
        sa.Column("voorletters", sa.String(length=6), nullable=True),
        sa.Column("contacten", sa.JSON(), nullable=True),
        sa.Column("bijgewerkt_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_client")),
        sa.UniqueConstraint("gemeente", "bsn", name=op.f("uq_client_gemeente_bsn")),
    )
    op.create_table(
        "nummerreeks",
        sa.Column("gemeente", sa.String(length=4), nullable=False),
        sa.Column("reeks", sa.String(length=16), nullable=False),
        sa.Column("laatste", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("gemeente", "reeks", name=op.f("pk_nummerreeks")),
    )
    op.create_table(
        "verwijzing",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("gemeente", sa.String(length=4), nullable=False),
        sa.Column("aanbieder", sa.String(length=8), nullable=False),
        sa.Column("referentie_aanbieder", sa.String(length=36), nullable=False),
        sa.Column("datum_date", sa.Date(), nullable=False),
        sa.Column("verwijzer_type", sa.String(length=2), nullable=False),
        sa.Column("verwijzer_code", sa.String(length=8), nullable=True),
        sa.Column("verwijzer_naam", sa.String(length=64), nullable=True),
        sa.Column("vastgelegd_door", sa.String(length=100), nullable=False),
        sa.Column("vastgelegd_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_verwijzing")),
        sa.UniqueConstraint(
            "gemeente",
            "aanbieder",
            "referentie_aanbieder",
            name=op.f("uq_verwijzing_gemeente_aanbieder_referentie_aanbieder"),
        ),
    )
    op.create_table(
        "outbox",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "bericht_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("gemeente", sa.String(length=4), nullable=False),
        sa.Column("aanbieder", sa.String(length=8), nullable=False),
        sa.Column("type", sa.String(length=5), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["bericht_id"], ["bericht.id"], name=op.f("fk_outbox_bericht_id_bericht")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox")),
        sa.UniqueConstraint("bericht_id", name=op.f("uq_outbox_bericht_id")),
    )
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_outbox_gemeente_aanbieder"), ["gemeente", "aanbieder"], unique=False
        )

    op.create_table(
        "beslissing",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "verzoek_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("regelset", sa.String(length=64), nullable=True),
        sa.Column("regel", sa.String(length=16), nullable=False),
        sa.Column("uitkomst", sa.String(length=16), nullable=False),
        sa.Column("figuren", sa.JSON(), nullable=False),
        sa.Column("redenen", sa.JSON(), nullable=False),
        sa.Column("reden_afwijzing", sa.String(length=1), nullable=True),
        sa.Column("besloten_door", sa.String(length=100), nullable=False),
        sa.Column("besloten_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "bericht_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.ForeignKeyConstraint(
            ["bericht_id"], ["bericht.id"], name=op.f("fk_beslissing_bericht_id_bericht")
        ),
        sa.ForeignKeyConstraint(
            ["verzoek_id"], ["verzoek.id"], name=op.f("fk_beslissing_verzoek_id_verzoek")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_beslissing")),
    )
    with op.batch_alter_table("beslissing", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_beslissing_verzoek_id"), ["verzoek_id"], unique=False)

    with op.batch_alter_table("verzoek", schema=None) as batch_op:
        batch_op.add_column(sa.Column("verwijzer_code", sa.String(length=8), nullable=True))
        batch_op.add_column(sa.Column("verwijzer_naam", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("beantwoord_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.alter_column(
            "status", existing_type=sa.String(length=16), type_=sa.String(length=32)
        )

    with op.batch_alter_table("toewijzing_versie", schema=None) as batch_op:
        batch_op.add_column(sa.Column("besloten_door", sa.String(length=100), nullable=True))


def downgrade() -> None:
    """Undo this revision."""
    with op.batch_alter_table("toewijzing_versie", schema=None) as batch_op:
        batch_op.drop_column("besloten_door")

    with op.batch_alter_table("verzoek", schema=None) as batch_op:
        batch_op.alter_column(
            "status", existing_type=sa.String(length=32), type_=sa.String(length=16)
        )
        batch_op.drop_column("beantwoord_at")
        batch_op.drop_column("verwijzer_naam")
        batch_op.drop_column("verwijzer_code")

    with op.batch_alter_table("beslissing", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_beslissing_verzoek_id"))

    op.drop_table("beslissing")
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outbox_gemeente_aanbieder"))

    op.drop_table("outbox")
    op.drop_table("verwijzing")
    op.drop_table("nummerreeks")
    op.drop_table("client")
