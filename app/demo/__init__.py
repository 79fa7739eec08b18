"""`ijw demo`: example rule sets and generated traffic that show every state of the service."""

from pathlib import Path

REGELSETS = Path(__file__).with_name("regelsets")
"""The demo's rule sets: the bundled ones with example product codes and an example gemeente."""

TWENTE = "0153"
"""Enschede, in the Twente rule set."""
REGIO_B = "0193"
"""Zwolle: the demo's example gemeente for region B (the seed names none)."""
GEMEENTEN = (TWENTE, REGIO_B)
DEMO_MEDEWERKER = "demo.medewerker"
"""The demo's gemeente worker: decides in the fill, signs in to the werkplek."""
