"""The ingest flow: one posted message from raw bytes to stored state and its answer."""
