"""E-mail about the account without an SMTP server: in debug mode the console shows to whom and
about what, never the text, so never a reset or invitation link; outside debug mode only a warning
naming the subject is logged."""
import logging

import pytest

from mentorplan.auth.mail import account_message, send_now
from tests.conftest import csrf_token

SECRET = "Zq3xSeCrEt-token_0123456789abcdefghijklmnopqrs"


@pytest.fixture
def no_smtp(app):
    app.config["SMTP_HOST"] = None
    return app


def test_debug_mode_prints_recipient_and_subject_of_a_reset_mail_but_not_its_link(no_smtp, world, capfd):
    no_smtp.debug = True
    client = no_smtp.test_client()
    response = client.post("/glemt-passord", data={"email": world.email("mentor"),
                                                   "csrf_token": csrf_token(client, "/glemt-passord")})
    assert response.status_code == 200
    response.close()   # the reset mail goes when the response has been sent
    printed = capfd.readouterr().err
    assert world.email("mentor") in printed and "Nytt passord i mentorplan" in printed
    assert "/nytt-passord/" not in printed and no_smtp.config["BASE_URL"] not in printed
    assert "Hei " not in printed   # nothing of the text


def test_debug_mode_never_prints_an_invitation_link_and_says_where_to_get_one(no_smtp, capfd):
    no_smtp.debug = True
    with no_smtp.app_context():
        message = account_message("ny@kommune.no", "Du er invitert til mentorplan",
                                  f"Velg passord her:\n\nhttp://127.0.0.1:5000/invitasjon/{SECRET}\n")
        assert send_now(message) is False
    printed = capfd.readouterr().err
    assert "ny@kommune.no" in printed and "Du er invitert til mentorplan" in printed
    assert SECRET not in printed and "/invitasjon/" not in printed
    assert "en lenke i den, vises ikke her" in printed
    assert "python -m aiosmtpd -n -l 127.0.0.1:8025" in printed and "SMTP_HOST=127.0.0.1 SMTP_PORT=8025" in printed


def test_outside_debug_mode_only_the_subject_is_logged(no_smtp, capfd, caplog):
    with no_smtp.app_context(), caplog.at_level(logging.WARNING):
        send_now(account_message("ny@kommune.no", "Du er invitert til mentorplan",
                                 f"http://127.0.0.1:5000/invitasjon/{SECRET}"))
    assert "Du er invitert til mentorplan" in caplog.text and "SMTP_HOST" in caplog.text
    assert SECRET not in caplog.text and SECRET not in "".join(capfd.readouterr())
