"""The access log (tilgangslogg): the admin's search, and each employee's own entries."""
from flask import Blueprint, render_template, request
from flask_login import login_required
from wtforms import DateField, StringField
from wtforms.validators import Length, Optional

from mentorplan.access import (
    access_log_clause,
    allowed,
    can_search_access_log,
    own_access_log_clause,
)
from mentorplan.auth.identity import current_viewer
from mentorplan.models import ACCESS_ACTION_LABELS, ACCESS_KIND_LABELS
from mentorplan.privacy.access_log import search
from mentorplan.web.forms import DATE_FORMATS, NorwegianForm
from mentorplan.web.paging import paginate

bp = Blueprint("access_log", __name__, url_prefix="/tilgangslogg")
bp.add_app_template_filter(lambda kind: ACCESS_KIND_LABELS.get(kind, str(kind)), "access_kind")
bp.add_app_template_filter(lambda action: ACCESS_ACTION_LABELS.get(action, str(action)), "access_action")


class SearchForm(NorwegianForm):
    class Meta:
        csrf = False  # a search only reads

    subject = StringField("Gjelder (navn eller ansattnummer)", validators=[Optional(), Length(max=100)])
    actor = StringField("Utført av (navn eller ansattnummer)", validators=[Optional(), Length(max=100)])
    from_day = DateField("Fra dato", format=DATE_FORMATS, validators=[Optional()])
    to_day = DateField("Til og med dato", format=DATE_FORMATS, validators=[Optional()])


@bp.route("/")
@login_required
def index():
    viewer = current_viewer()
    allowed(can_search_access_log(viewer))
    form = SearchForm(request.args)
    query = search(access_log_clause(viewer))
    if form.validate():
        query = search(access_log_clause(viewer), subject=form.subject.data or "", actor=form.actor.data or "",
                       from_day=form.from_day.data, to_day=form.to_day.data)
    page = paginate(query)
    filters = {k: v for k, v in request.args.items() if k in form.data}
    return render_template("access_log/index.html", form=form, page=page, filters=filters)


@bp.route("/meg")
@login_required
def mine():
    page = paginate(search(own_access_log_clause(current_viewer())))
    return render_template("access_log/mine.html", page=page)
