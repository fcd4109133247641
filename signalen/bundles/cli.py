"""`flask bundles ...` commands."""

from __future__ import annotations

from flask.cli import AppGroup

bundles_cli = AppGroup("bundles", help="Signalenbundels.")
