"""`flask plan ANSATTNR --format json` (CONTRACT.md)."""
import json

from mentorplan.extensions import db
from mentorplan.models import Person


def _number(app, world, key):
    with app.app_context():
        return db.session.get(Person, world.person_ids[key]).employee_number


def test_plan_json_has_the_contract_shape(app, world, runner):
    mentee, mentor = _number(app, world, "mentee"), _number(app, world, "mentor")
    result = runner.invoke(args=["plan", mentee, "--format", "json", "--kommune", "Testkommune"])
    assert result.exit_code == 0, result.output
    plan = json.loads(result.output)
    assert (plan["ansattnr"], plan["start"], plan["mentor"]) == (mentee, "2026-09-07", mentor)
    assert len(plan["activities"]) == 34
    first = next(a for a in plan["activities"] if a["title"] == "Opplæringsvakt 1")
    assert set(first) == {"id", "kind", "title", "due_from", "due_to", "status", "start", "end",
                          "participants", "conflict"}
    assert first["kind"] == "opplaeringsvakt" and first["status"] == "planned"
    assert (first["due_from"], first["due_to"]) == ("2026-09-07", "2026-10-04")
    assert first["start"] is None and first["end"] is None and first["conflict"] is None
    assert first["participants"] == [mentee, mentor]


def test_leader_conversations_name_the_avdelingsleder(app, world, runner):
    mentee = _number(app, world, "mentee")
    leader, mentor = _number(app, world, "avdelingsleder"), _number(app, world, "mentor")
    plan = json.loads(runner.invoke(args=["plan", mentee, "--kommune", "Testkommune"]).output)
    welcome = next(a for a in plan["activities"] if a["title"] == "Velkomst og oppstartssamtale")
    assert welcome["kind"] == "ledersamtale"
    assert welcome["participants"] == [mentee, leader, mentor]


def test_unknown_employee_number_fails_clearly(runner, world):
    result = runner.invoke(args=["plan", "999999", "--format", "json"])
    assert result.exit_code != 0
    assert "Fant ingen ansatt med ansattnr 999999" in result.output


def test_someone_without_a_plan_fails_clearly(app, world, runner):
    result = runner.invoke(args=["plan", _number(app, world, "hr"), "--kommune", "Testkommune"])
    assert result.exit_code != 0
    assert "har ingen mentorplan" in result.output
