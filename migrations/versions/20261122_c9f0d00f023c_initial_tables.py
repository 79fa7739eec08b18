"""Initial tables: messages, identifications, receipts, requests, toewijzingen, starts, stops.

Revision ID: c9f0d00f023c
Revises:
Create Date: 2026-11-22 07:42:47.343791
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "c9f0d00f023c"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "bericht",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("richting", sa.String(length=3), nullable=False),
        sa.Column("type", sa.String(length=5), nullable=False),
        sa.Column("berichtcode", sa.String(length=3), nullable=False),
        sa.Column("afzender", sa.String(length=8), nullable=False),
        sa.Column("ontvanger", sa.String(length=8), nullable=False),
        sa.Column("gemeente", sa.String(length=4), nullable=False),
        sa.Column("identificatie", sa.String(length=12), nullable=False),
        sa.Column("dagtekening_date", sa.Date(), nullable=False),
        sa.Column("identificatie_retour", sa.String(length=12), nullable=True),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("xml", sa.LargeBinary(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("uitkomst", sa.String(length=32), nullable=False),
        sa.Column("retourcodes", sa.String(length=200), nullable=True),
        sa.Column(
            "beantwoordt_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.ForeignKeyConstraint(
            ["beantwoordt_id"], ["bericht.id"], name=op.f("fk_bericht_beantwoordt_id_bericht")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bericht")),
    )
    with op.batch_alter_table("bericht", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_bericht_beantwoordt_id"), ["beantwoordt_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_bericht_gemeente_type_identificatie"),
            ["gemeente", "type", "identificatie"],
            unique=False,
        )

    op.create_table(
        "bericht_sleutel",
        sa.Column("afzender", sa.String(length=8), nullable=False),
        sa.Column("berichtcode", sa.String(length=3), nullable=False),
        sa.Column("identificatie", sa.String(length=12), nullable=False),
        sa.Column(
            "bericht_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["bericht_id"], ["bericht.id"], name=op.f("fk_bericht_sleutel_bericht_id_bericht")
        ),
        sa.PrimaryKeyConstraint(
            "afzender", "berichtcode", "identificatie", name=op.f("pk_bericht_sleutel")
        ),
    )
    with op.batch_alter_table("bericht_sleutel", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_bericht_sleutel_bericht_id"), ["bericht_id"], unique=False
        )

    op.create_table(
        "ontvangst",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("content_type", sa.String(length=200), nullable=True),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=True),
        sa.Column("body", sa.LargeBinary(), nullable=True),
        sa.Column("http_status", sa.Integer(), nullable=False),
        sa.Column("uitkomst", sa.String(length=40), nullable=False),
        sa.Column("detail", sa.String(length=2000), nullable=True),
        sa.Column(
            "bericht_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.ForeignKeyConstraint(
            ["bericht_id"], ["bericht.id"], name=op.f("fk_ontvangst_bericht_id_bericht")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ontvangst")),
    )
    with op.batch_alter_table("ontvangst", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ontvangst_bericht_id"), ["bericht_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_ontvangst_received_at"), ["received_at"], unique=False)

    op.create_table(
        "start_zorg",
        sa.Column(
            "bericht_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "verwijderd_door_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("gemeente", sa.String(length=4), nullable=False),
        sa.Column("aanbieder", sa.String(length=8), nullable=False),
        sa.Column("bsn", sa.String(length=9), nullable=False),
        sa.Column("toewijzing_nummer", sa.Integer(), nullable=True),
        sa.Column("categorie", sa.String(length=2), nullable=True),
        sa.Column("code", sa.String(length=5), nullable=True),
        sa.Column("begindatum_date", sa.Date(), nullable=False),
        sa.Column("toewijzing_ingangsdatum_date", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["bericht_id"], ["bericht.id"], name=op.f("fk_start_zorg_bericht_id_bericht")
        ),
        sa.ForeignKeyConstraint(
            ["verwijderd_door_id"],
            ["bericht.id"],
            name=op.f("fk_start_zorg_verwijderd_door_id_bericht"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_start_zorg")),
    )
    with op.batch_alter_table("start_zorg", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_start_zorg_bericht_id"), ["bericht_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_start_zorg_gemeente_aanbieder_bsn"),
            ["gemeente", "aanbieder", "bsn"],
            unique=False,
        )

    op.create_table(
        "stop_zorg",
        sa.Column("reden_beeindiging", sa.String(length=2), nullable=False),
        sa.Column("einddatum_date", sa.Date(), nullable=False),
        sa.Column(
            "bericht_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "verwijderd_door_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("gemeente", sa.String(length=4), nullable=False),
        sa.Column("aanbieder", sa.String(length=8), nullable=False),
        sa.Column("bsn", sa.String(length=9), nullable=False),
        sa.Column("toewijzing_nummer", sa.Integer(), nullable=True),
        sa.Column("categorie", sa.String(length=2), nullable=True),
        sa.Column("code", sa.String(length=5), nullable=True),
        sa.Column("begindatum_date", sa.Date(), nullable=False),
        sa.Column("toewijzing_ingangsdatum_date", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["bericht_id"], ["bericht.id"], name=op.f("fk_stop_zorg_bericht_id_bericht")
        ),
        sa.ForeignKeyConstraint(
            ["verwijderd_door_id"],
            ["bericht.id"],
            name=op.f("fk_stop_zorg_verwijderd_door_id_bericht"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stop_zorg")),
    )
    with op.batch_alter_table("stop_zorg", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_stop_zorg_bericht_id"), ["bericht_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_stop_zorg_gemeente_aanbieder_bsn"),
            ["gemeente", "aanbieder", "bsn"],
            unique=False,
        )

    op.create_table(
        "verzoek",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("soort", sa.String(length=3), nullable=False),
        sa.Column("gemeente", sa.String(length=4), nullable=False),
        sa.Column("aanbieder", sa.String(length=8), nullable=False),
        sa.Column("referentie_aanbieder", sa.String(length=36), nullable=False),
        sa.Column("bsn", sa.String(length=9), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column(
            "bericht_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("dagtekening_date", sa.Date(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("categorie", sa.String(length=2), nullable=True),
        sa.Column("code", sa.String(length=5), nullable=True),
        sa.Column("ingangsdatum_date", sa.Date(), nullable=True),
        sa.Column("einddatum_date", sa.Date(), nullable=True),
        sa.Column("volume", sa.Integer(), nullable=True),
        sa.Column("eenheid", sa.String(length=2), nullable=True),
        sa.Column("frequentie", sa.String(length=1), nullable=True),
        sa.Column("budget", sa.Integer(), nullable=True),
        sa.Column("verwijzer_type", sa.String(length=2), nullable=True),
        sa.Column("reden_verzoek", sa.String(length=1), nullable=True),
        sa.ForeignKeyConstraint(
            ["bericht_id"], ["bericht.id"], name=op.f("fk_verzoek_bericht_id_bericht")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_verzoek")),
        sa.UniqueConstraint(
            "gemeente",
            "aanbieder",
            "referentie_aanbieder",
            name=op.f("uq_verzoek_gemeente_aanbieder_referentie_aanbieder"),
        ),
    )
    with op.batch_alter_table("verzoek", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_verzoek_bericht_id"), ["bericht_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_verzoek_gemeente_aanbieder_bsn_status"),
            ["gemeente", "aanbieder", "bsn", "status"],
            unique=False,
        )

    op.create_table(
        "toewijzing",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("gemeente", sa.String(length=4), nullable=False),
        sa.Column("nummer", sa.Integer(), nullable=False),
        sa.Column("aanbieder", sa.String(length=8), nullable=False),
        sa.Column("bsn", sa.String(length=9), nullable=False),
        sa.Column("versie", sa.Integer(), nullable=False),
        sa.Column(
            "verzoek_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("categorie", sa.String(length=2), nullable=True),
        sa.Column("code", sa.String(length=5), nullable=True),
        sa.Column("ingangsdatum_date", sa.Date(), nullable=False),
        sa.Column("einddatum_date", sa.Date(), nullable=True),
        sa.Column("reden_wijziging", sa.String(length=2), nullable=True),
        sa.Column("volume", sa.Integer(), nullable=True),
        sa.Column("eenheid", sa.String(length=2), nullable=True),
        sa.Column("frequentie", sa.String(length=1), nullable=True),
        sa.Column("budget", sa.Integer(), nullable=True),
        sa.Column("referentie_aanbieder", sa.String(length=36), nullable=True),
        sa.Column("toegewezen_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["verzoek_id"], ["verzoek.id"], name=op.f("fk_toewijzing_verzoek_id_verzoek")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_toewijzing")),
        sa.UniqueConstraint("gemeente", "nummer", name=op.f("uq_toewijzing_gemeente_nummer")),
    )
    with op.batch_alter_table("toewijzing", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_toewijzing_gemeente_aanbieder_bsn"),
            ["gemeente", "aanbieder", "bsn"],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_toewijzing_verzoek_id"), ["verzoek_id"], unique=False)

    op.create_table(
        "toewijzing_versie",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "toewijzing_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("versie", sa.Integer(), nullable=False),
        sa.Column(
            "bericht_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("categorie", sa.String(length=2), nullable=True),
        sa.Column("code", sa.String(length=5), nullable=True),
        sa.Column("ingangsdatum_date", sa.Date(), nullable=False),
        sa.Column("einddatum_date", sa.Date(), nullable=True),
        sa.Column("reden_wijziging", sa.String(length=2), nullable=True),
        sa.Column("volume", sa.Integer(), nullable=True),
        sa.Column("eenheid", sa.String(length=2), nullable=True),
        sa.Column("frequentie", sa.String(length=1), nullable=True),
        sa.Column("budget", sa.Integer(), nullable=True),
        sa.Column("referentie_aanbieder", sa.String(length=36), nullable=True),
        sa.Column("toegewezen_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["bericht_id"], ["bericht.id"], name=op.f("fk_toewijzing_versie_bericht_id_bericht")
        ),
        sa.ForeignKeyConstraint(
            ["toewijzing_id"],
            ["toewijzing.id"],
            name=op.f("fk_toewijzing_versie_toewijzing_id_toewijzing"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_toewijzing_versie")),
        sa.UniqueConstraint(
            "toewijzing_id", "versie", name=op.f("uq_toewijzing_versie_toewijzing_id_versie")
        ),
    )
    with op.batch_alter_table("toewijzing_versie", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_toewijzing_versie_bericht_id"), ["bericht_id"], unique=False
        )


def downgrade() -> None:
    """Undo this revision."""
    with op.batch_alter_table("toewijzing_versie", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_toewijzing_versie_bericht_id"))

    op.drop_table("toewijzing_versie")
    with op.batch_alter_table("toewijzing", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_toewijzing_verzoek_id"))
        batch_op.drop_index(batch_op.f("ix_toewijzing_gemeente_aanbieder_bsn"))

    op.drop_table("toewijzing")
    with op.batch_alter_table("verzoek", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_verzoek_gemeente_aanbieder_bsn_status"))
        batch_op.drop_index(batch_op.f("ix_verzoek_bericht_id"))

    op.drop_table("verzoek")
    with op.batch_alter_table("stop_zorg", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stop_zorg_gemeente_aanbieder_bsn"))
        batch_op.drop_index(batch_op.f("ix_stop_zorg_bericht_id"))

    op.drop_table("stop_zorg")
    with op.batch_alter_table("start_zorg", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_start_zorg_gemeente_aanbieder_bsn"))
        batch_op.drop_index(batch_op.f("ix_start_zorg_bericht_id"))

    op.drop_table("start_zorg")
    with op.batch_alter_table("ontvangst", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ontvangst_received_at"))
        batch_op.drop_index(batch_op.f("ix_ontvangst_bericht_id"))

    op.drop_table("ontvangst")
    with op.batch_alter_table("bericht_sleutel", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_bericht_sleutel_bericht_id"))

    op.drop_table("bericht_sleutel")
    with op.batch_alter_table("bericht", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_bericht_gemeente_type_identificatie"))
        batch_op.drop_index(batch_op.f("ix_bericht_beantwoordt_id"))

    op.drop_table("bericht")
