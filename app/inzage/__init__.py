"""Look-ups for gemeente workers: a toewijzing by number, requests, a client's history."""
