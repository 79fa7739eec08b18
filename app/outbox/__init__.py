"""The outbox: every message we send, queued, then pushed to the broker or fetched and acked."""
