"""Delivery of the outbox to the broker: pushed over HTTP with retries, or fetched and acked."""
