"""Declaraties (JW323), their accepted prestaties, and evaluation cases with contact time.

Revision ID: 899cbd07ecf2
Revises: 3c1f7d2e9b4a
Create Date: 2026-12-04 16:12:25.460165
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "899cbd07ecf2"
down_revision = "3c1f7d2e9b4a"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "declaratie",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "bericht_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "antwoord_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("gemeente", sa.String(length=4), nullable=False),
        sa.Column("aanbieder", sa.String(length=8), nullable=False),
        sa.Column("nummer", sa.String(length=12), nullable=False),
        sa.Column("begindatum_date", sa.Date(), nullable=False),
        sa.Column("einddatum_date", sa.Date(), nullable=False),
        sa.Column("ingediend", sa.BigInteger(), nullable=False),
        sa.Column("toegekend", sa.BigInteger(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["antwoord_id"], ["bericht.id"], name=op.f("fk_declaratie_antwoord_id_bericht")
        ),
        sa.ForeignKeyConstraint(
            ["bericht_id"], ["bericht.id"], name=op.f("fk_declaratie_bericht_id_bericht")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_declaratie")),
        sa.UniqueConstraint(
            "gemeente", "aanbieder", "nummer", name=op.f("uq_declaratie_gemeente_aanbieder_nummer")
        ),
    )
    with op.batch_alter_table("declaratie", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_declaratie_bericht_id"), ["bericht_id"], unique=False)

    op.create_table(
        "declaratie_regel",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "declaratie_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "toewijzing_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("gemeente", sa.String(length=4), nullable=False),
        sa.Column("aanbieder", sa.String(length=8), nullable=False),
        sa.Column("bsn", sa.String(length=9), nullable=False),
        sa.Column("referentie", sa.String(length=20), nullable=False),
        sa.Column("vorig_referentie", sa.String(length=20), nullable=True),
        sa.Column("categorie", sa.String(length=2), nullable=False),
        sa.Column("code", sa.String(length=5), nullable=False),
        sa.Column("begindatum_date", sa.Date(), nullable=False),
        sa.Column("einddatum_date", sa.Date(), nullable=False),
        sa.Column("volume", sa.BigInteger(), nullable=False),
        sa.Column("eenheid", sa.String(length=2), nullable=False),
        sa.Column("minuten", sa.BigInteger(), nullable=True),
        sa.Column("tarief", sa.BigInteger(), nullable=True),
        sa.Column("bedrag", sa.BigInteger(), nullable=False),
        sa.Column("gecrediteerd", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["declaratie_id"],
            ["declaratie.id"],
            name=op.f("fk_declaratie_regel_declaratie_id_declaratie"),
        ),
        sa.ForeignKeyConstraint(
            ["toewijzing_id"],
            ["toewijzing.id"],
            name=op.f("fk_declaratie_regel_toewijzing_id_toewijzing"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_declaratie_regel")),
        sa.UniqueConstraint(
            "gemeente",
            "aanbieder",
            "referentie",
            name=op.f("uq_declaratie_regel_gemeente_aanbieder_referentie"),
        ),
    )
    with op.batch_alter_table("declaratie_regel", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_declaratie_regel_declaratie_id"), ["declaratie_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_declaratie_regel_toewijzing_id"), ["toewijzing_id"], unique=False
        )

    op.create_table(
        "evaluatie_casus",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "toewijzing_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("gemeente", sa.String(length=4), nullable=False),
        sa.Column("seed", sa.BigInteger(), nullable=False),
        sa.Column("gekozen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("direct_minuten", sa.Integer(), nullable=True),
        sa.Column("indirect_minuten", sa.Integer(), nullable=True),
        sa.Column("vastgelegd_door", sa.String(length=100), nullable=True),
        sa.Column("vastgelegd_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["toewijzing_id"],
            ["toewijzing.id"],
            name=op.f("fk_evaluatie_casus_toewijzing_id_toewijzing"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evaluatie_casus")),
        sa.UniqueConstraint("toewijzing_id", name=op.f("uq_evaluatie_casus_toewijzing_id")),
    )


def downgrade() -> None:
    """Undo this revision."""
    op.drop_table("evaluatie_casus")
    with op.batch_alter_table("declaratie_regel", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_declaratie_regel_toewijzing_id"))
        batch_op.drop_index(batch_op.f("ix_declaratie_regel_declaratie_id"))

    op.drop_table("declaratie_regel")
    with op.batch_alter_table("declaratie", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_declaratie_bericht_id"))

    op.drop_table("declaratie")
