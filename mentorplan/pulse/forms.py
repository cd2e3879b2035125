"""The mentee's pulse questionnaire."""
from wtforms import BooleanField, HiddenField, SelectChoice, SelectField
from wtforms.validators import DataRequired, NumberRange

from mentorplan.pulse.operations import SCORES
from mentorplan.web.forms import NorwegianForm

SCORE_CHOICES = [SelectChoice(0, "Velg")] + [
    SelectChoice(n, label) for n, label in ((1, "1 – helt uenig"), (2, "2 – uenig"), (3, "3 – både og"),
                                            (4, "4 – enig"), (5, "5 – helt enig"))]


def _score(label: str) -> SelectField:
    return SelectField(label, coerce=int, choices=SCORE_CHOICES,
                       validators=[NumberRange(1, 5, "Velg et svar fra 1 til 5.")])


class PulseForm(NorwegianForm):
    milestone = HiddenField()
    safety = _score(SCORES["safety"])
    inclusion = _score(SCORES["inclusion"])
    growth = _score(SCORES["growth"])
    workload = _score(SCORES["workload"])
    recommend = _score(SCORES["recommend"])
    intends_to_stay = SelectField("Har du tenkt å fortsette her det neste året?", choices=[
        SelectChoice("", "Velg"), SelectChoice("ja", "Ja, jeg har tenkt å bli"),
        SelectChoice("nei", "Nei, jeg vurderer å slutte")], validators=[DataRequired("Velg ja eller nei.")])
    wants_conversation = BooleanField("Jeg ønsker en samtale med avdelingslederen min om dette")


