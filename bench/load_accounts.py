"""Worker accounts for bench_load.py: one per simulated worker, as in a real
network (a single shared account would pile every signal on one person's
lists and badges). Spread over the demo organisations; run by the benchmark
in a process of its own with the benchmark's database settings:

    python bench/load_accounts.py COUNT PASSWORD
"""

from __future__ import annotations

import sys

from sqlalchemy import select

from signalen import create_app
from signalen.auth.services import create_user
from signalen.extensions import db
from signalen.organisations.models import Organisation
from signalen.permissions import Role


def email(n: int) -> str:
    return f"medewerker-{n}@bench.signalen.be"


def main() -> None:
    count, password = int(sys.argv[1]), sys.argv[2]
    app = create_app()
    with app.app_context():
        organisations = list(db.session.scalars(select(Organisation)))
        for n in range(count):
            create_user(
                email=email(n),
                display_name=f"Medewerker {n}",
                password=password,
                role=Role.WORKER,
                organisation=organisations[n % len(organisations)],
            )
        db.session.commit()


if __name__ == "__main__":
    main()
