"""Regional rule sets (data files) and the engine that decides on one requested product."""
