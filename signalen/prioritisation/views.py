"""Prioritisation rounds (filled in by the prioritisation work)."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("prioritisation", __name__, url_prefix="/prioritering")
