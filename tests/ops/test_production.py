"""The production setup: configuration from the environment only, the trusted proxy hops, and
the deploy files (deploy/, docs/deploy.md) that run gunicorn, the scheduler and nginx."""
import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from flask import request

from mentorplan import create_app

from tests.conftest import _config

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"


def config_in_a_fresh_process(environment: dict[str, str]) -> dict:
    """config.py as a new process sees it with exactly this environment (it is read at import)."""
    script = ("import json, config; c = config.from_environment(); print(json.dumps({k: getattr(c, k, None) for k in "
              "('SQLALCHEMY_DATABASE_URI', 'SECRET_KEY', 'TRUSTED_PROXIES', 'PAGE_SIZE', 'SMTP_HOST', "
              "'BASE_URL', 'SESSION_COOKIE_SECURE')}, default=str))")
    env = {"PATH": os.environ.get("PATH", ""), **environment}
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True,
                            check=True)
    return json.loads(result.stdout)


def test_production_takes_its_configuration_from_the_environment():
    config = config_in_a_fresh_process({
        "MENTORPLAN_CONFIG": "production", "DATABASE_URL": "postgres://mentorplan@db.example/mp",
        "SECRET_KEY": "s3kret", "MENTORPLAN_TRUSTED_PROXIES": "1", "MENTORPLAN_PAGE_SIZE": "50",
        "SMTP_HOST": "smtp.example.no", "MENTORPLAN_BASE_URL": "https://mentorplan.example.no"})
    assert config == {
        "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://mentorplan@db.example/mp", "SECRET_KEY": "s3kret",
        "TRUSTED_PROXIES": 1, "PAGE_SIZE": 50, "SMTP_HOST": "smtp.example.no",
        "BASE_URL": "https://mentorplan.example.no", "SESSION_COOKIE_SECURE": True}


def test_without_the_environment_no_proxy_is_trusted():
    config = config_in_a_fresh_process({})
    assert config["TRUSTED_PROXIES"] == 0 and config["SMTP_HOST"] is None
    assert config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///")


def test_only_config_py_reads_the_environment():
    readers = [str(path.relative_to(ROOT)) for path in [*(ROOT / "mentorplan").rglob("*.py"), ROOT / "wsgi.py"]
               if re.search(r"os\.environ|os\.getenv|getenv\(", path.read_text(encoding="utf-8"))]
    assert readers == []


def client_seen(app) -> str:
    @app.get("/_hvem")
    def who():
        return f"{request.remote_addr} {request.scheme} {request.host}"
    return app.test_client().get("/_hvem", headers={
        "X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "https", "X-Forwarded-Host": "mentorplan.example.no",
    }).get_data(as_text=True)


@pytest.mark.parametrize(("hops", "seen"), [
    (0, "127.0.0.1 http localhost"),
    (1, "203.0.113.7 https mentorplan.example.no"),
])
def test_forwarded_headers_count_only_from_the_trusted_hops(database_url, hops, seen):
    app = create_app(type("Config", (_config(database_url),), {"TRUSTED_PROXIES": hops}))
    assert client_seen(app) == seen


def test_one_trusted_hop_believes_only_the_address_nginx_added():
    app = create_app(type("Config", (_config("sqlite://"),), {"TRUSTED_PROXIES": 1}))

    @app.get("/_adresse")
    def address():
        return request.remote_addr
    # A client that sends its own X-Forwarded-For gets it prepended to, not believed.
    response = app.test_client().get("/_adresse", headers={"X-Forwarded-For": "10.6.6.6, 203.0.113.7"})
    assert response.get_data(as_text=True) == "203.0.113.7"


def unit(name: str) -> str:
    return (DEPLOY / name).read_text(encoding="utf-8")


def test_the_web_unit_runs_several_gunicorn_workers_serving_wsgi_app():
    web = unit("mentorplan-web.service")
    command = re.search(r"^ExecStart=((?:.*\\\n)*.*)$", web, re.M).group(1)
    assert "/gunicorn wsgi:app" in command
    assert int(re.search(r"--workers (\d+)", command).group(1)) >= 2
    assert "EnvironmentFile=/etc/mentorplan/mentorplan.env" in web


def test_the_scheduler_is_its_own_unit():
    scheduler = unit("mentorplan-scheduler.service")
    assert re.search(r"^ExecStart=\S+/flask --app wsgi scheduler$", scheduler, re.M)
    assert "EnvironmentFile=/etc/mentorplan/mentorplan.env" in scheduler


def test_nginx_serves_static_files_and_passes_the_proxy_headers():
    site = unit("nginx-mentorplan.conf")
    assert re.search(r"location /static/ \{\s+alias /opt/mentorplan/app/static/;", site)
    for header in ("X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host"):
        assert f"proxy_set_header {header} " in site
    assert "proxy_pass http://mentorplan;" in site and "listen 443 ssl" in site


def test_every_setting_read_from_the_environment_is_documented():
    names = set(re.findall(r'os\.environ\.get\("([A-Z_]+)"', (ROOT / "config.py").read_text(encoding="utf-8")))
    assert {"DATABASE_URL", "SECRET_KEY", "MENTORPLAN_TRUSTED_PROXIES"} <= names
    guide, example = (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8"), unit("mentorplan.env.example")
    undocumented = sorted(n for n in names - {"TEST_DATABASE_URL"} if n not in guide or n not in example)
    assert undocumented == []


def test_gunicorn_loads_the_app():
    # Production refuses a weak SECRET_KEY (deploy_check.py), so give it a real one.
    env = {**os.environ, "MENTORPLAN_CONFIG": "production", "SECRET_KEY": secrets.token_hex(32)}
    result = subprocess.run([sys.executable, "-m", "gunicorn", "--check-config", "wsgi:app"], cwd=ROOT, env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
