"""Vooroverleg: what a gemeente worker agreed with an aanbieder before a request (rule A3)."""
