"""A read-only JSON API for other city systems, with personal tokens."""
