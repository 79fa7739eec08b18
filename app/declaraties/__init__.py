"""Declaraties: JW323 in, judged per prestatie, answered with a JW325."""
