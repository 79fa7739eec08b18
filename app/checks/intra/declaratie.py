"""Intra-message rules: placeholder until written."""

from app.checks.rule import Rule

RULES: tuple[Rule, ...] = ()
