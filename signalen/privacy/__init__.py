"""Personal-data detection for signal texts (professional secrecy)."""

from signalen.privacy.detector import (
    EXPLANATIONS,
    OVERRIDABLE_TYPES,
    PLACEHOLDERS,
    STRICT_TYPES,
    TYPES,
    Finding,
    find_personal_data,
    mask_text,
)
from signalen.privacy.indirect import IndirectFinding, find_indirect_identifiers

__all__ = [
    "EXPLANATIONS",
    "OVERRIDABLE_TYPES",
    "PLACEHOLDERS",
    "STRICT_TYPES",
    "TYPES",
    "Finding",
    "IndirectFinding",
    "find_indirect_identifiers",
    "find_personal_data",
    "mask_text",
]
