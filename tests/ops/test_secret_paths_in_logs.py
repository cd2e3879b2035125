"""No secret token in a log: every route whose path carries a `token` (reset links, invitations,
calendar feeds, e-mail confirmation) is logged as «[skjult]» by the shipped nginx site
(deploy/nginx-mentorplan.conf), in the request line and in the Referer alike, and by the app's own
log redaction (werkzeug, gunicorn, Flask's log).

The map's regexes are applied here in Python to a sample URL of every such route, built with the
app's own url_for from its url_map, so a new token route is checked without being named. Where
nginx is installed, the same file is also checked by `nginx -t` and served for real, and its
access log read back."""
import http.client
import re
import shutil
import socket
import ssl
import subprocess
import time
from pathlib import Path

import pytest
from flask import url_for

from mentorplan import create_app
from mentorplan.web.redaction import redact

from tests.conftest import _config

SITE = Path(__file__).resolve().parents[2] / "deploy" / "nginx-mentorplan.conf"
SECRET = "Zq3xSeCrEt-token_0123456789abcdefghijklmnopqrs"
HIDDEN = "[skjult]"
# Token routes being added while this was written (the e-mail confirmation link), checked by path
# too, so the log masks them from the day they ship.
COMING = ["/profil/e-post/bekreft/{token}"]
# Paths that look alike but carry no secret; they are logged as they are.
PLAIN = ["/profil/kalender/slett", "/plan/5/kalender.ics", "/avdeling/3/kalender.ics", "/profil/totp/bekreft",
         "/glemt-passord", "/logg-inn?next=%2Fprofil"]


def site() -> str:
    return SITE.read_text(encoding="utf-8")


def blocks(text: str, header: str) -> list[str]:
    """The bodies of the top-level blocks that open with this header (e.g. `server`), braces matched."""
    found = []
    for match in re.finditer(rf"^{header}\s*\{{", text, re.M):
        depth, start = 0, match.end() - 1
        for index in range(start, len(text)):
            depth += {"{": 1, "}": -1}.get(text[index], 0)
            if depth == 0:
                found.append(text[start + 1:index])
                break
    return found


def nginx_map(source: str) -> tuple[str, list[tuple[re.Pattern, str]], str]:
    """The map from this source variable: (its result variable, [(regex, value)], default value)."""
    match = re.search(rf"^map {re.escape(source)} (\$\w+) \{{(.*?)^\}}", site(), re.M | re.S)
    assert match, f"no map on {source}"
    entries, default = [], None
    for line in match.group(2).splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, value = re.fullmatch(r'("(?:[^"\\]|\\.)*"|\S+)\s+("(?:[^"\\]|\\.)*"|\S+);', line).groups()
        key, value = key.strip('"'), value.strip('"')
        if key == "default":
            default = value
        else:
            assert key.startswith("~"), f"only regex entries are expected in the map: {key}"
            flags = re.I if key.startswith("~*") else 0
            entries.append((re.compile(key.lstrip("~*"), flags), value))
    return match.group(1), entries, default


def apply_map(source: str, value: str) -> str:
    """What nginx's map gives for this value: the first matching regex's value with its captures
    ($1 … $9) filled in, or the default (the source variable itself)."""
    _, entries, default = nginx_map(source)
    for pattern, result in entries:
        found = pattern.search(value)
        if found:
            return re.sub(r"\$(\d)", lambda m: found.group(int(m.group(1))) or "", result)
    return value if default == source else default


@pytest.fixture(scope="module")
def token_urls() -> list[str]:
    """A sample URL of every route of the app with a `token` in its path, and of those coming."""
    app = create_app(_config("sqlite://"))
    urls = []
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            if "token" in rule.arguments:
                urls.append(url_for(rule.endpoint, **{name: SECRET if name == "token" else 1 for name in rule.arguments}))
    assert len(urls) >= 3, urls   # the reset link, the invitation, the calendar feed at least
    return urls + [path.format(token=SECRET) for path in COMING]


def test_the_log_format_writes_only_masked_request_and_referer():
    formats = dict(re.findall(r"^log_format (\w+)\s+((?:[^;'\"]|'[^']*'|\"[^\"]*\")*);", site(), re.M))
    assert "mentorplan" in formats, "the site declares its own log_format"
    line = formats["mentorplan"]
    uri_variable, _, _ = nginx_map("$request_uri")
    referer_variable, _, _ = nginx_map("$http_referer")
    assert uri_variable in line and referer_variable in line
    for raw in ("$request ", "$request\"", "$request_uri", "$uri", "$args", "$query_string", "$http_referer",
                "$request_body"):
        assert raw not in line + " ", f"{raw} would write the token"


def test_every_server_logs_with_the_masked_format():
    servers = blocks(site(), "server")
    assert len(servers) == 2
    for server in servers:
        # The server's own access_log replaces the one nginx.conf sets for all sites (format combined).
        top_level = re.sub(r"location[^{]*\{[^}]*\}", "", server)
        assert re.search(r"^\s*access_log \S+ mentorplan;", top_level, re.M), server[:200]
    for line in re.findall(r"^\s*access_log [^;]*;", site(), re.M):
        assert line.strip().endswith((" mentorplan;", "access_log off;")), line


def test_every_token_route_is_masked_in_the_request_line(token_urls):
    for url in token_urls:
        for sent in (url, url + "?utm_source=e-post", "/" + url):
            logged = apply_map("$request_uri", sent)
            assert SECRET not in logged and HIDDEN in logged, (sent, logged)
            assert logged.split(HIDDEN)[0] in sent, "the route stays readable in the log"


def test_every_token_route_is_masked_in_the_referer(token_urls):
    for url in token_urls:
        for referer in ("https://mentorplan.example.no" + url, "http://mentorplan.example.no" + url + "?x=1"):
            logged = apply_map("$http_referer", referer)
            assert SECRET not in logged and HIDDEN in logged, (referer, logged)


def test_the_apps_own_logs_mask_every_token_route(token_urls):
    for url in token_urls:
        logged = redact(f'127.0.0.1 - - [06/Dec/2026 10:00:00] "GET {url}?x=1 HTTP/1.1" 200 -')
        assert SECRET not in logged and HIDDEN in logged, logged


@pytest.mark.parametrize("path", PLAIN)
def test_paths_without_a_token_are_logged_as_they_are(path):
    assert apply_map("$request_uri", path) == path
    assert apply_map("$http_referer", "https://mentorplan.example.no" + path) == "https://mentorplan.example.no" + path


# --- nginx itself, where it is installed --------------------------------------------------------

NGINX = shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if Path(p).exists()), None)
needs_nginx = pytest.mark.skipif(NGINX is None or shutil.which("openssl") is None,
                                 reason="nginx and openssl are not installed")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def served_site(tmp_path):
    """The shipped site in a private nginx: its own ports on 127.0.0.1, a self-signed certificate,
    logs and temp files under tmp_path, an upstream port nobody listens on (every proxied request
    answers 502 and is logged)."""
    http_port, https_port, closed_port = free_port(), free_port(), free_port()
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
                    "/CN=mentorplan.example.no", "-keyout", str(tmp_path / "key.pem"), "-out",
                    str(tmp_path / "cert.pem")], check=True, capture_output=True)
    text = site()
    text = text.replace("/etc/letsencrypt/live/mentorplan.example.no/fullchain.pem", str(tmp_path / "cert.pem"))
    text = text.replace("/etc/letsencrypt/live/mentorplan.example.no/privkey.pem", str(tmp_path / "key.pem"))
    text = re.sub(r"^\s*listen \[::\].*$", "", text, flags=re.M)
    text = re.sub(r"listen 80;", f"listen 127.0.0.1:{http_port};", text)
    text = re.sub(r"listen 443 ", f"listen 127.0.0.1:{https_port} ", text)
    text = text.replace("127.0.0.1:8000", f"127.0.0.1:{closed_port}").replace("/var/log/nginx/", f"{tmp_path}/")
    (tmp_path / "site.conf").write_text(text, encoding="utf-8")
    temp = " ".join(f"{kind}_temp_path {tmp_path}/{kind};" for kind in
                    ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{ {temp}\n include {tmp_path}/site.conf; }}\n", encoding="utf-8")
    command = [NGINX, "-p", str(tmp_path), "-e", str(tmp_path / "error.log"), "-c", str(tmp_path / "nginx.conf")]
    return command, http_port, https_port, tmp_path


@needs_nginx
def test_nginx_accepts_the_shipped_site(served_site):
    command, *_ = served_site
    result = subprocess.run([*command, "-t"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@needs_nginx
def test_nginx_writes_no_token_to_its_access_log(served_site, token_urls):
    command, http_port, https_port, folder = served_site
    server = subprocess.Popen([*command, "-g", "daemon off;"], stderr=subprocess.DEVNULL)
    try:
        wait_for(http_port)
        referer = "https://mentorplan.example.no" + token_urls[0]
        for url in [*token_urls, *PLAIN]:
            ask(http.client.HTTPConnection("127.0.0.1", http_port, timeout=5), url, referer)
            ask(http.client.HTTPSConnection("127.0.0.1", https_port, timeout=5,
                                            context=ssl._create_unverified_context()), url, referer)
    finally:
        server.terminate()
        server.wait(timeout=10)
    log = (folder / "access.log").read_text(encoding="utf-8")
    assert len(log.splitlines()) == 2 * (len(token_urls) + len(PLAIN)), log
    assert SECRET not in log
    # On both servers: each token route's request line, and the Referer (a token page) of every request.
    assert log.count(HIDDEN) == 2 * len(token_urls) + 2 * (len(token_urls) + len(PLAIN))
    for path in PLAIN:
        assert f" {path} " in log


def ask(connection, url: str, referer: str) -> None:
    try:
        connection.request("GET", url, headers={"Host": "mentorplan.example.no", "Referer": referer})
        connection.getresponse().read()
    finally:
        connection.close()


def wait_for(port: int) -> None:
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise AssertionError("nginx did not start")
