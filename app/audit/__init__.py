"""The audit of personal-data reads: who read which client's data, when, as what."""
