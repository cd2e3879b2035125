from sqlalchemy import func, select

from mentorplan.extensions import db
from mentorplan.models import PlanActivity


def test_world_builds_plans(app, world):
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(PlanActivity)) == 4 * 34
