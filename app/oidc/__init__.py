"""Sign-in through the gemeente's own identity provider (OpenID Connect)."""
