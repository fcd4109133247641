"""Bringing in signal lists kept elsewhere (CSV or Excel): map, check, apply."""
