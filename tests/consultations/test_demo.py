"""The demo has an open consultation with remarks, a synthesis and answers."""

from datetime import date

from sqlalchemy import select

from signalen.auth.models import User
from signalen.consultations import appendix, feedback
from signalen.consultations.models import Consultation


def test_demo_consultation(db, client, login_as):
    from signalen.demo import load_demo

    assert load_demo(today=date(2026, 11, 23))
    db.session.commit()
    consultation = db.session.scalar(select(Consultation))
    assert consultation.status == "open"
    assert [p.source_code for p in consultation.participants] == ["JR", "SO"]
    texts = appendix.appendix_of(consultation).sections
    assert sum(len(part.remarks) for part in texts) == 3
    worker = db.session.scalar(
        select(User).where(User.email.startswith("opbouwwerker@"))
    )
    assert feedback.unseen_answer_count(worker.id) == 1
    login_as(worker)
    page = client.get(f"/inspraak/{consultation.id}/meedoen")
    assert page.status_code == 200 and "Dit werd aangepast" in page.text
