"""Redaction: removing a span of free text everywhere it is stored, and the
retention of the free text of old signals."""
