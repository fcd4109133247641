"""The city's answers, typed in the app (filled in by the exports/answers work)."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("responses", __name__, url_prefix="/antwoorden")
