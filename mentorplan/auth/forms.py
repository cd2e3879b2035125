from wtforms import BooleanField, EmailField, PasswordField, SubmitField
from wtforms.validators import DataRequired, Email

from ..forms import NorwegianForm


class LoginForm(NorwegianForm):
    email = EmailField("E-post", validators=[DataRequired("Skriv inn e-postadressen din."),
                                             Email("Skriv inn en gyldig e-postadresse.")])
    password = PasswordField("Passord", validators=[DataRequired("Skriv inn passordet ditt.")])
    remember = BooleanField("Husk meg på denne enheten")
    submit = SubmitField("Logg inn")
