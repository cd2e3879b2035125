"""The base of every form: WTForms' own messages in bokmål."""
from flask_wtf import FlaskForm


class NorwegianForm(FlaskForm):
    class Meta:
        locales = ("nb",)
