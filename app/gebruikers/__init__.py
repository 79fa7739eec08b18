"""Werkplek accounts for people: passwords, roles, gemeenten, sessions and failed sign-ins."""
