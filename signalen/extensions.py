"""Unbound extension objects; create_app binds them to an application."""

from typing import TYPE_CHECKING, Any, cast

from flask_babel import Babel
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect

from signalen.database import Base

if TYPE_CHECKING:
    from sqlalchemy.orm import Relationship

    # A type checker cannot follow an instance attribute (db.Model) as a base
    # class, and Flask-SQLAlchemy annotates db.relationship as returning a
    # RelationshipProperty, which a Mapped[...] annotation does not accept;
    # at run time it returns SQLAlchemy's relationship(), a Relationship.
    # These two declarations tell the checker what the run time does. The
    # legacy Model.query API is left out on purpose: we query through
    # db.session with select() (and SavedFilter has a column named query).
    class Model(Base):
        __abstract__ = True

    class TypedSQLAlchemy(SQLAlchemy):
        def relationship(self, *args: Any, **kwargs: Any) -> Relationship[Any]:
            return cast("Relationship[Any]", super().relationship(*args, **kwargs))

    db = TypedSQLAlchemy(model_class=Base)
else:
    db = SQLAlchemy(model_class=Base)
    # Models subclass this: the declarative base Flask-SQLAlchemy builds.
    Model = db.Model

migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
