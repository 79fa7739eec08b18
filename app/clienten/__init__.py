"""A client as the werkplek finds it: an opaque reference per gemeente, and its data."""
