"""Scheduled jobs of the coordination feature."""

from __future__ import annotations

from datetime import datetime


def retrain_theme_suggestions_job(now: datetime) -> str | None:
    """Retrain the theme suggestions from the coordinators' tagging."""
    from signalen.coordination.suggestions import MIN_EXAMPLES, retrain

    model = retrain(now)
    if model is None:
        return f"fewer than {MIN_EXAMPLES} processed signals: keyword suggestions"
    metrics = model.metrics
    used = "learned" if metrics["use_trained"] else "keyword"
    return (
        f"trained on {model.examples} signals; top-3 accuracy learned "
        f"{metrics['top3_accuracy']:.2f}, keywords "
        f"{metrics['keyword_top3_accuracy']:.2f}; using {used} suggestions"
    )
