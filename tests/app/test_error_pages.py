"""The error pages are Norwegian and show no stack trace."""
from tests.conftest import CSRF


def assert_no_trace(page: str):
    for leak in ("Traceback", "File &#34;", 'File "', "werkzeug", "sqlalchemy", "jinja2"):
        assert leak not in page


def test_the_404_page_is_norwegian(world, login):
    response = login(world.email("mentor")).get("/finnes-ikke")
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "Fant ikke siden" in page and "Til forsiden" in page
    assert_no_trace(page)


def test_the_404_page_is_norwegian_for_anonymous_visitors(client):
    response = client.get("/finnes-ikke")
    assert response.status_code == 404
    assert "Fant ikke siden" in response.get_data(as_text=True)


def test_a_404_for_an_object_out_of_scope_says_the_same_as_a_missing_one(world, login):
    client = login(world.email("mentee2"))
    hidden = client.get(f"/plan/{world.mentorship_ids['mentee']}").get_data(as_text=True)
    missing = client.get("/plan/999999").get_data(as_text=True)
    # The CSRF token in the logout form is signed with the second it was made: the same page a
    # second later carries another one.
    assert CSRF.sub("", hidden) == CSRF.sub("", missing)


def test_the_403_page_is_norwegian(world, login):
    response = login(world.email("mentee")).get("/enhet")
    assert response.status_code == 403
    page = response.get_data(as_text=True)
    assert "Ingen tilgang" in page and "Du har ikke tilgang til denne siden." in page
    assert_no_trace(page)


def test_the_405_page_is_norwegian(client):
    response = client.get("/logg-ut")
    assert response.status_code == 405
    assert "Ikke tillatt" in response.get_data(as_text=True)


def test_the_400_page_for_a_missing_token_is_norwegian(client):
    response = client.post("/logg-inn", data={"email": "mentor@test.no", "password": "x"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Ugyldig forespørsel" in page and "Last siden på nytt og prøv igjen." in page
    assert_no_trace(page)


def test_the_500_page_is_norwegian_and_shows_no_stack_trace(app, world, login, caplog):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.route("/test-feil")
    def broken():
        raise RuntimeError("hemmelig detalj fra databasen")

    response = login(world.email("mentor")).get("/test-feil")
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "Noe gikk galt" in page
    assert "hemmelig detalj" not in page and "RuntimeError" not in page
    assert_no_trace(page)


def test_a_request_that_is_too_large_gets_a_norwegian_page(app):
    app.config["MAX_CONTENT_LENGTH"] = 1000
    response = app.test_client().post("/logg-inn", data={"email": "x" * 5000, "password": "y"})
    assert response.status_code == 413
    text = response.get_data(as_text=True)
    assert "Det du sendte er for stort" in text and 'lang="nb"' in text
    assert "Request Entity Too Large" not in text


def test_a_write_to_a_row_changed_meanwhile_answers_what_is_stored_now(app, world, login):
    """A row removed by another request after this one read it (StaleDataError at the flush): the
    person is sent back with a warning, nothing is kept; a GET meeting it is a logged 500."""
    from sqlalchemy.orm.exc import StaleDataError

    from tests.conftest import csrf_token

    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.route("/test-endret", methods=["GET", "POST"])
    def changed():
        raise StaleDataError("UPDATE statement on table 'plan_activity' expected to update 1 row(s); 0 were matched.")

    client = login(world.email("mentor"))
    response = client.post("/test-endret", data={"csrf_token": csrf_token(client, "/")},
                           headers={"Referer": "http://localhost/mine-menteer"})
    assert response.status_code == 303 and response.headers["Location"] == "/mine-menteer"
    page = client.get("/mine-menteer").get_data(as_text=True)
    assert "Noen andre endret dette samtidig" in page
    shown = client.get("/test-endret")
    assert shown.status_code == 500 and "Noe gikk galt" in shown.get_data(as_text=True)
