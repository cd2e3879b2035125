"""The scheduler's work on the page: conflicts and their suggestions, a plan on the turnus,
and the avdeling's coming four weeks."""
from datetime import timedelta

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import login_required
from werkzeug.utils import secure_filename

from mentorplan.access import (
    allowed,
    can_change_plan,
    can_change_plans,
    can_schedule,
    can_view_mentorship,
    follows_plans,
    found,
    leader_clause,
    load_or_404,
)
from mentorplan.clock import today
from mentorplan.extensions import db
from mentorplan.models import ActivityKind, ActivityStatus, Mentorship, PlanActivity, person_matches
from mentorplan.plans.operations import ProgrammeError
from mentorplan.scheduling.overview import (
    COMING_DAYS,
    Week,
    by_mentorship,
    carried_back,
    coming_days,
    conflicts_query,
    default_week,
    open_conflicts,
    partner_role,
    plan_calendar,
    suggestion_key,
)
from mentorplan.scheduling.placement import Suggestion
from mentorplan.scheduling.service import accept_suggestion
from mentorplan.scheduling.start_proposal import (
    accept_start_turnus,
    hires_without_start_turnus,
    needs_start_turnus,
    start_turnus_csv,
    start_turnus_proposal,
    start_turnus_shifts,
)
from mentorplan.web.forms import EmptyForm
from mentorplan.web.paging import paginate, search_term
from mentorplan.web.templating import weekday
from mentorplan.web.urls import local_path
from mentorplan.web.viewer import current_viewer

bp = Blueprint("scheduling", __name__)
bp.add_app_template_global(suggestion_key, "suggestion_key")
bp.add_app_template_filter(partner_role, "partner_role")

MONTH_WEEKS = 4
STALE = "Forslaget finnes ikke lenger. Last siden på nytt."


def _require_leader():
    viewer = current_viewer()
    allowed(can_schedule(viewer))
    return viewer


@bp.route("/avdeling/konflikter")
@login_required
def conflicts():
    viewer, day = _require_leader(), today()
    scope = leader_clause(viewer)
    search = search_term()
    without_turnus = hires_without_start_turnus(scope, day)
    apart = [Mentorship.id.not_in([m.id for m, _ in without_turnus])] if without_turnus else []
    page = paginate(conflicts_query(scope, day, None, *apart, *([person_matches(search)] if search else []),
                                    by_person=True))
    return render_template("scheduling/conflicts.html", people=by_mentorship(page.items), page=page, search=search,
                           without_turnus=without_turnus, changes=carried_back(scope), today=day,
                           button=EmptyForm())


@bp.route("/aktivitet/<int:activity_id>/forslag/<int:index>", methods=["POST"])
@login_required
def accept(activity_id: int, index: int):
    viewer = _require_leader()
    activity = db.get_or_404(PlanActivity, activity_id)
    found(can_change_plan(viewer, activity.plan.mentorship))
    if not EmptyForm().validate_on_submit():
        abort(400)
    back = local_path(request.form.get("next")) or url_for("scheduling.conflicts")
    try:
        suggestion = _accept_what_was_seen(activity, index, request.form.get("forslag"))
    except ProgrammeError as error:
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(accepted_message(activity, suggestion), "success")
    return redirect(back)


def _accept_what_was_seen(activity: PlanActivity, index: int, seen: str | None) -> Suggestion:
    """Accept the suggestion at `index` only if it is still the one the leader saw: accepting
    another re-plans the plan, and the list on an open page may be out of date."""
    current = activity.conflict_suggestions or []
    if seen is not None and (index >= len(current) or suggestion_key(current[index]) != seen):
        raise ProgrammeError(STALE)
    return accept_suggestion(activity, index, today())


def accepted_message(activity: PlanActivity, suggestion: Suggestion) -> str:
    name = activity.plan.mentorship.mentee.full_name
    message = (f"{name} er satt på {suggestion.code} {weekday(suggestion.day)} {suggestion.day:%d.%m} "
               f"({suggestion.start:%H:%M}–{suggestion.end:%H:%M}). Husk å føre endringen inn i turnussystemet.")
    start = activity.scheduled_start
    if activity.status is ActivityStatus.SCHEDULED and start is not None:
        return f"{message} «{activity.title}» er plassert {weekday(start)} {start:%d.%m.%Y} kl. {start:%H:%M}."
    return f"{message} «{activity.title}» er ennå ikke plassert."


@bp.route("/plan/<int:mentorship_id>/kalender")
@login_required
def calendar(mentorship_id: int):
    viewer, day = current_viewer(), today()
    mentorship = load_or_404(Mentorship, mentorship_id, has_page=follows_plans(viewer),
                             in_scope=lambda mentorship: can_view_mentorship(viewer, mentorship))
    month = request.args.get("visning") == "maaned"
    first = Week.parse(request.args.get("uke")) or default_week(mentorship, day)
    sees_private = None if can_change_plan(viewer, mentorship) else {viewer.person_id}
    shown = plan_calendar(mentorship, first, MONTH_WEEKS if month else 1, sees_private)
    return render_template("scheduling/calendar.html", mentorship=mentorship, calendar=shown, month=month,
                           first=first, step=MONTH_WEEKS if month else 1, this_week=Week.of(day), today=day)


@bp.route("/avdeling/kommende")
@login_required
def coming():
    viewer, day = _require_leader(), today()
    scope, last = leader_clause(viewer), day + timedelta(days=COMING_DAYS - 1)
    return render_template("scheduling/coming.html", days=coming_days(scope, day, last), today=day, last=last,
                           conflicts=open_conflicts(scope, day, between=(day, last)))


# --- A start turnus for a hire without one ---------------------------------------------------

def _plan_to_change(mentorship_id: int) -> Mentorship:
    viewer = current_viewer()
    return load_or_404(Mentorship, mentorship_id, has_page=can_change_plans(viewer),
                       in_scope=lambda mentorship: can_change_plan(viewer, mentorship))


@bp.route("/plan/<int:mentorship_id>/startturnus", methods=["GET", "POST"])
@login_required
def start_turnus(mentorship_id: int):
    """The proposal for the hire's first weeks, accepted as a whole or line by line; afterwards the
    shifts put in, to download as a turnus CSV."""
    mentorship, day = _plan_to_change(mentorship_id), today()
    form = EmptyForm()
    if form.validate_on_submit():
        try:
            added = accept_start_turnus(mentorship, set(request.form.getlist("vakt")), day)
        except ProgrammeError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            db.session.commit()
            placed = sum(1 for a in mentorship.plan.activities
                         if a.kind is ActivityKind.OPPLAERINGSVAKT and a.status is ActivityStatus.SCHEDULED)
            flash(f"{len(added)} vakter er lagt inn i turnusen til {mentorship.mentee.full_name}, og {placed} "
                  "opplæringsvakter er plassert. Last ned turnusfilen og før vaktene inn i turnussystemet.", "success")
        return redirect(url_for("scheduling.start_turnus", mentorship_id=mentorship.id))
    proposal = start_turnus_proposal(mentorship, day) if needs_start_turnus(mentorship, day) else None
    return render_template("scheduling/start_turnus.html", mentorship=mentorship, proposal=proposal,
                           added=start_turnus_shifts(mentorship), form=form, today=day)


@bp.route("/plan/<int:mentorship_id>/startturnus.csv")
@login_required
def start_turnus_file(mentorship_id: int):
    mentorship = _plan_to_change(mentorship_id)
    number = mentorship.mentee.employee_number
    return Response(start_turnus_csv(mentorship), mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="startturnus-{secure_filename(number) or "ansatt"}.csv"'})
