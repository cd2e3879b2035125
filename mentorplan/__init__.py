"""mentorplan: the one-year mentor programme for newly hired nurses."""
import os
from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from config import INSTANCE_DIR, Config

from . import models  # noqa: F401  (every model must be known to Alembic)
from .access_log import init_access_log
from .auth import load_user
from .auth.sessions import init_session_timeouts
from .auth.views import bp as auth_blueprint
from .cli import commands
from .deploy_check import check_deploy
from .errors import init_error_handlers
from .http_headers import init_http_headers
from .extensions import csrf, db, login_manager, migrate
from .models.types import render_migration_item
from .redaction import init_log_redaction
from .templating import init_templating
from .views import blueprints

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"


def create_app(config_class: type[Config] = Config) -> Flask:
    app = Flask(__name__, template_folder="../templates", static_folder="../static",
                instance_path=str(INSTANCE_DIR))
    app.config.from_object(config_class)
    if app.config.get("CHECK_DEPLOY"):
        check_deploy(app.config)
    os.makedirs(app.instance_path, exist_ok=True)
    register_proxies(app)
    register_extensions(app)
    register_blueprints(app)
    register_commands(app)
    init_templating(app)
    init_error_handlers(app)
    init_log_redaction(app)
    init_access_log(app)
    init_http_headers(app)
    init_session_timeouts(app)
    return app


def register_proxies(app: Flask) -> None:
    hops = app.config["TRUSTED_PROXIES"]
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)


def register_extensions(app: Flask) -> None:
    db.init_app(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS_DIR), render_as_batch=True, compare_type=True,
                     render_item=render_migration_item)
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.user_loader(load_user)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Logg inn for å se denne siden."
    login_manager.login_message_category = "info"


def register_blueprints(app: Flask) -> None:
    app.register_blueprint(auth_blueprint)
    for blueprint in blueprints:
        app.register_blueprint(blueprint)


def register_commands(app: Flask) -> None:
    for command in commands:
        app.cli.add_command(command)
