"""Consultations on a draft policy text (inspraak), issue 15 part 1."""
