"""The public page of a published bundle and its open data (no login)."""
