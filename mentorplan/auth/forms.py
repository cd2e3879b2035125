from wtforms import BooleanField, EmailField, PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError

from mentorplan.auth.passwords import MAX_LENGTH, password_problem
from mentorplan.web.forms import NorwegianForm


class LoginForm(NorwegianForm):
    email = EmailField("E-post", validators=[DataRequired("Skriv inn e-postadressen din."),
                                             Email("Skriv inn en gyldig e-postadresse.")])
    password = PasswordField("Passord", validators=[DataRequired("Skriv inn passordet ditt.")])
    remember = BooleanField("Husk meg på denne enheten")
    submit = SubmitField("Logg inn")


def _email_field(label: str = "E-post"):
    return EmailField(label, filters=[lambda value: value.strip() if isinstance(value, str) else value], validators=[DataRequired("Skriv inn e-postadressen."),
                                         Length(max=254, message="E-postadressen kan ha høyst 254 tegn."),
                                         Email("Skriv inn en gyldig e-postadresse.")])


def _good_password(form, field) -> None:
    problem = password_problem(field.data or "")
    if problem:
        raise ValidationError(problem)


class _NewPassword:
    new_password = PasswordField("Nytt passord", validators=[DataRequired("Skriv inn et nytt passord."),
                                                             _good_password])
    confirm = PasswordField("Gjenta det nye passordet", validators=[
        DataRequired("Skriv det nye passordet en gang til."),
        EqualTo("new_password", "Passordene er ikke like.")])


def _current_password():
    return PasswordField("Nåværende passord", validators=[
        DataRequired("Skriv inn passordet du har nå."),
        Length(max=MAX_LENGTH, message=f"Passordet kan ha høyst {MAX_LENGTH} tegn.")])


def _code_field():
    return StringField("Engangskode", validators=[DataRequired("Skriv inn koden fra appen."),
                                                  Length(max=20, message="Koden har 6 sifre.")])


class ForgotPasswordForm(NorwegianForm):
    email = _email_field()


class ResetPasswordForm(_NewPassword, NorwegianForm):
    pass


class ChangePasswordForm(_NewPassword, NorwegianForm):
    current_password = _current_password()


class ChangeEmailForm(NorwegianForm):
    email = _email_field("Ny e-postadresse")
    current_password = _current_password()


class CodeForm(NorwegianForm):
    code = _code_field()


class DisableTotpForm(NorwegianForm):
    current_password = _current_password()
    code = _code_field()
