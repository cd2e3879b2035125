"""mentorplan: the one-year mentor programme for newly hired nurses.

The package imports nothing at the top: `import mentorplan.planning.plan` (or any other pure
module) must not load Flask, SQLAlchemy or the models. Each register_* step imports what it
registers (tests/app/test_purity.py holds the pure modules to that).
"""
from __future__ import annotations

import os
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Flask

    from config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"

# Each feature's pages: a module holding one blueprint `bp` (templates in templates/<blueprint>/).
BLUEPRINTS = ["auth.views", "absence.views", "dashboards.home", "plans.views", "plans.template_views",
              "dashboards.ward", "turnus.views", "dashboards.unit", "people.views", "people.hiring_views",
              "scheduling.views", "conversations.views", "checklists.views", "feeds.views", "profile.views",
              "notifications.views", "retention.views", "privacy.views", "roster.views", "pulse.views",
              "dashboards.programme", "network.views", "accounts.views", "go_live.views"]
# The command line (CONTRACT.md, "Command line"): module and the click commands it defines.
COMMANDS = {"auth.cli": ["create_admin", "totp_off", "sso_issuer"], "privacy.cli": ["anonymise"],
            "ops.cli": ["backup", "scheduler"], "demo.cli": ["demo"], "feeds.cli": ["ics"], "plans.cli": ["plan"],
            "retention.cli": ["retention"], "scheduling.cli": ["schedule"], "people.cli": ["import_staff"],
            "accounts.cli": ["give_role_command"],
            "go_live.cli": ["go_live_command"],
            "turnus.cli": ["import_turnus_command"]}


def create_app(config_class: type[Config] | None = None) -> Flask:
    from flask import Flask

    from config import INSTANCE_DIR, Config
    from mentorplan.ops.deploy_check import check_deploy

    app = Flask(__name__, template_folder="../templates", static_folder="../static",
                instance_path=str(INSTANCE_DIR))
    app.config.from_object(config_class or Config)
    if app.config.get("CHECK_DEPLOY"):
        check_deploy(app.config)
    os.makedirs(app.instance_path, exist_ok=True)
    register_proxies(app)
    register_extensions(app)
    register_blueprints(app)
    register_commands(app)
    register_request_hooks(app)
    return app


def register_proxies(app: Flask) -> None:
    from werkzeug.middleware.proxy_fix import ProxyFix

    hops = app.config["TRUSTED_PROXIES"]
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)


def register_extensions(app: Flask) -> None:
    from mentorplan import models  # noqa: F401  (every model must be known to Alembic)
    from mentorplan.auth.identity import load_user
    from mentorplan.auth.sso import init_sso
    from mentorplan.extensions import csrf, db, login_manager, migrate
    from mentorplan.models.types import render_migration_item
    from mentorplan.ops.sqlite import init_sqlite

    db.init_app(app)
    init_sqlite(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS_DIR), render_as_batch=True, compare_type=True,
                     render_item=render_migration_item)
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.user_loader(load_user)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Logg inn for å se denne siden."
    login_manager.login_message_category = "info"
    init_sso(app)


def register_blueprints(app: Flask) -> None:
    from mentorplan.web.urls import init_url_converters

    init_url_converters(app)
    for module in BLUEPRINTS:
        app.register_blueprint(import_module(f"{__name__}.{module}").bp)


def register_commands(app: Flask) -> None:
    for module, names in COMMANDS.items():
        commands = import_module(f"{__name__}.{module}")
        for name in names:
            app.cli.add_command(getattr(commands, name))


def register_request_hooks(app: Flask) -> None:
    """Templates, error pages, repeated forms, log redaction, the access log, headers and session timeouts."""
    from mentorplan.auth.sessions import init_session_timeouts
    from mentorplan.privacy.access_log import init_access_log
    from mentorplan.web.errors import init_error_handlers
    from mentorplan.web.http_headers import init_http_headers
    from mentorplan.web.redaction import init_log_redaction
    from mentorplan.web.submissions import init_submissions
    from mentorplan.web.templating import init_templating

    init_templating(app)
    init_error_handlers(app)
    init_submissions(app)
    init_log_redaction(app)
    init_access_log(app)
    init_http_headers(app)
    init_session_timeouts(app)
