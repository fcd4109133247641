"""The API's schemas (marshmallow): what it answers, and the query arguments.

The OpenAPI document is generated from these (flask-smorest with apispec).
"""

from __future__ import annotations

import marshmallow as ma
from marshmallow import fields, validate

from signalen.database import ID_MAX
from signalen.pages import MAX_PAGE

MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 50

#: A count of signals or organisations: a number, or "<3" under the
#: small-numbers rule of the export (EXPORT_MIN_COUNT).
MASKED_COUNT = {"oneOf": [{"type": "integer", "minimum": 0}, {"type": "string"}]}
#: One cell of a counts table: a label (text) or a number, or "<3".
CELL = {"oneOf": [{"type": "number"}, {"type": "string"}]}


class Count(fields.Raw):
    """A number, or a masked small count such as "<3"."""


# --- query arguments -----------------------------------------------------------


class PageArgs(ma.Schema):
    page = fields.Integer(
        load_default=1,
        validate=validate.Range(1, MAX_PAGE),
        metadata={"description": "Paginanummer, vanaf 1."},
    )
    per_page = fields.Integer(
        load_default=DEFAULT_PER_PAGE,
        validate=validate.Range(1, MAX_PER_PAGE),
        metadata={"description": "Aantal per pagina (ten hoogste 100)."},
    )


class ItemArgs(PageArgs):
    q = fields.String(
        load_default="",
        validate=validate.Length(max=200),
        metadata={"description": "Elk woord in titel, samenvatting of antwoord."},
    )
    theme = fields.String(
        load_default="",
        validate=validate.Length(max=60),
        metadata={"description": "Code van een thema."},
    )
    wijk = fields.String(
        load_default="",
        validate=validate.Length(max=60),
        metadata={"description": "Code van een wijk."},
    )


class CountArgs(ma.Schema):
    bundle = fields.Integer(
        load_default=None,
        validate=validate.Range(0, ID_MAX),
        metadata={"description": "Alleen de periode van deze bundel (id)."},
    )
    date_from = fields.Date(
        load_default=None,
        metadata={"description": "Ingediend vanaf (inclusief)."},
    )
    date_to = fields.Date(
        load_default=None,
        metadata={"description": "Ingediend tot en met."},
    )


# --- answers ---------------------------------------------------------------------


class PageMeta(ma.Schema):
    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)
    total = fields.Integer(required=True, metadata={"description": "Aantal in totaal"})
    pages = fields.Integer(required=True)


class BundleSchema(ma.Schema):
    id = fields.Integer(required=True)
    title = fields.String(required=True)
    period_start = fields.Date(required=True)
    period_end = fields.Date(
        required=True, metadata={"description": "Laatste dag (inclusief)."}
    )
    status = fields.String(
        required=True, validate=validate.OneOf(["closed", "published"])
    )
    published_at = fields.DateTime(required=True, allow_none=True)
    items = fields.Integer(
        required=True, metadata={"description": "Aantal structurele signalen."}
    )
    public = fields.Boolean(
        required=True, metadata={"description": "De openbare pagina staat aan."}
    )


class BundleDetailSchema(BundleSchema):
    introduction = fields.String(required=True)


class BundlePageSchema(PageMeta):
    items = fields.List(fields.Nested(BundleSchema), required=True)


class LabelSchema(ma.Schema):
    code = fields.String(required=True)
    label = fields.String(required=True)


class AnswerSchema(ma.Schema):
    type = fields.String(required=True)
    type_label = fields.String(required=True)
    text = fields.String(required=True)
    department = fields.String(required=True)
    route = fields.String(required=True)
    progress = fields.String(required=True)
    date = fields.String(required=True, metadata={"format": "date"})


class FollowUpSchema(ma.Schema):
    status = fields.String(required=True)
    status_label = fields.String(required=True)
    route = fields.String(required=True)
    department = fields.String(required=True)
    percent = fields.Integer(required=True)
    date = fields.String(required=True, metadata={"format": "date"})


class ItemSchema(ma.Schema):
    reference = fields.String(required=True)
    position = fields.Integer(required=True)
    title = fields.String(required=True)
    summary = fields.String(required=True)
    primary_theme = fields.String(required=True)
    themes = fields.List(fields.Nested(LabelSchema), required=True)
    areas = fields.List(fields.Nested(LabelSchema), required=True)
    city_wide = fields.Boolean(required=True)
    target_groups = fields.List(fields.Nested(LabelSchema), required=True)
    government_level = fields.String(required=True)
    trekker = fields.String(required=True)
    signals = Count(required=True, metadata=MASKED_COUNT)
    organisations = Count(required=True, metadata=MASKED_COUNT)
    bundles_seen = fields.Integer(required=True)
    recurring = fields.Boolean(required=True)
    chosen = fields.Boolean(
        required=True,
        allow_none=True,
        metadata={"description": "Gekozen als prioriteit; null: geen keuze."},
    )
    rank = fields.Integer(required=True, allow_none=True)
    reason = fields.String(required=True)
    answer = fields.Nested(AnswerSchema, required=True, allow_none=True)
    follow_up = fields.Nested(FollowUpSchema, required=True, allow_none=True)


class ItemPageSchema(PageMeta):
    items = fields.List(fields.Nested(ItemSchema), required=True)


class ItemAnswerSchema(ma.Schema):
    reference = fields.String(required=True)
    title = fields.String(required=True)
    answer = fields.Nested(AnswerSchema, required=True)


class AnswerPageSchema(PageMeta):
    items = fields.List(fields.Nested(ItemAnswerSchema), required=True)


class ItemFollowUpSchema(ma.Schema):
    reference = fields.String(required=True)
    title = fields.String(required=True)
    follow_up = fields.Nested(FollowUpSchema, required=True)


class FollowUpPageSchema(PageMeta):
    items = fields.List(fields.Nested(ItemFollowUpSchema), required=True)


class CountTableSchema(ma.Schema):
    key = fields.String(required=True)
    title = fields.String(required=True)
    columns = fields.List(fields.String(), required=True)
    rows = fields.List(
        fields.List(Count(metadata=CELL)),
        required=True,
        metadata={"description": "Per rij de waarden van de kolommen."},
    )
    note = fields.String(required=True)


class CountsSchema(ma.Schema):
    bundle = fields.Integer(required=True, allow_none=True)
    date_from = fields.Date(required=True, allow_none=True)
    date_to = fields.Date(required=True, allow_none=True)
    tables = fields.List(fields.Nested(CountTableSchema), required=True)
