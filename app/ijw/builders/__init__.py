"""Builders of the messages the gemeente sends."""
