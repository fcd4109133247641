"""Bundle workbooks: export in the background, download, import answers."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("exports", __name__, url_prefix="/export")
