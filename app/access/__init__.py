"""Who may call the service: API keys, their roles and scopes."""
