"""/admin/kontoer: the admin's list of the kommune's accounts; inviting again, deactivating and
activating one; and a person's roles, given and ended."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import login_required
from sqlalchemy import select

from mentorplan.access import allowed, can_give_roles, can_manage_accounts, in_kommune, load_or_404
from mentorplan.accounts.forms import RoleForm
from mentorplan.accounts.operations import (
    SHOWN,
    STATE_LABELS,
    AccountError,
    account_rows,
    accounts_query,
    activate,
    deactivate,
    invite_again,
)
from mentorplan.accounts.roles import RoleError, end_role, give_role, scopes
from mentorplan.accounts.waiting import count_waiting, invite_waiting
from mentorplan.auth.invitations import invite_new_accounts, send_invitations
from mentorplan.clock import today
from mentorplan.extensions import db
from mentorplan.models import ROLE_LABELS, Person, Role, RoleAssignment, User
from mentorplan.models.types import utcnow
from mentorplan.web.forms import EmptyForm
from mentorplan.web.paging import paginate, search_term
from mentorplan.web.viewer import current_viewer

bp = Blueprint("accounts", __name__, url_prefix="/admin/kontoer")


@bp.route("/")
@login_required
def index():
    viewer = current_viewer()
    allowed(can_manage_accounts(viewer))
    day, now, search = today(), utcnow(), search_term()
    shown = request.args.get("vis", "") if request.args.get("vis") in SHOWN else ""
    page = paginate(accounts_query(viewer.kommune_id, day, now, search, shown))
    rows = account_rows(page.items, day, now)
    return render_template("accounts/index.html", page=page, rows=rows, search=search, shown=shown, choices=SHOWN,
                           labels=STATE_LABELS, button=EmptyForm(), viewer_id=viewer.person_id)


def _person_or_404(person_id: int) -> Person:
    viewer = current_viewer()
    return load_or_404(Person, person_id, has_page=can_manage_accounts(viewer),
                       in_scope=lambda person: in_kommune(viewer, person))


def _account_or_404(person: Person) -> User:
    user = db.session.scalar(select(User).where(User.person_id == person.id))
    if user is None:
        flash(f"{person.full_name} har ingen konto ennå.", "error")
    return user


def _back():
    return redirect(url_for("accounts.index", sok=request.args.get("sok") or None,
                            vis=request.args.get("vis") or None, side=request.args.get("side", type=int)))


@bp.route("/<int:person_id>/inviter", methods=["POST"])
@login_required
def invite(person_id: int):
    person = _person_or_404(person_id)
    if EmptyForm().validate_on_submit():
        try:
            invitation = invite_again(person)
        except AccountError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            db.session.commit()
            if send_invitations([invitation]):
                flash(f"Invitasjonen til {invitation.user.email} kunne ikke sendes nå (e-posttjeneren svarer "
                      "ikke, eller SMTP_HOST er ikke satt). Prøv igjen senere.", "error")
            else:
                flash(f"Invitasjonen er sendt til {invitation.user.email}. Lenken virker i "
                      f"{invitation.lifetime_days} dager; en eldre lenke virker ikke lenger.", "success")
    return _back()


@bp.route("/<int:person_id>/deaktiver", methods=["POST"])
@login_required
def deactivate_account(person_id: int):
    person = _person_or_404(person_id)
    user = _account_or_404(person)
    if user is not None and EmptyForm().validate_on_submit():
        try:
            deactivate(user, current_viewer().person_id)
        except AccountError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(f"Kontoen til {person.full_name} er deaktivert og logget ut overalt.", "success")
    return _back()


@bp.route("/<int:person_id>/aktiver", methods=["POST"])
@login_required
def activate_account(person_id: int):
    person = _person_or_404(person_id)
    user = _account_or_404(person)
    if user is not None and EmptyForm().validate_on_submit():
        activate(user)
        db.session.commit()
        flash(f"Kontoen til {person.full_name} er aktivert igjen.", "success")
    return _back()


# --- One person's account and roles ----------------------------------------------------------

@bp.route("/<int:person_id>", methods=["GET", "POST"])
@login_required
def show(person_id: int):
    """The person's account and current roles; the form gives a role (and invites, when the
    person has an address and no account yet)."""
    person, viewer, day = _person_or_404(person_id), current_viewer(), today()
    form = RoleForm(scopes=scopes(person.kommune_id))
    if request.method == "POST":
        allowed(can_give_roles(viewer))
    if form.validate_on_submit():
        try:
            assignment = give_role(person, Role(form.role.data), form.scope_obj(), day, viewer.person_id)
        except RoleError as error:
            db.session.rollback()
            form.role.errors.append(str(error))
        else:
            invitations = invite_new_accounts([person.id], day)
            db.session.commit()
            unsent = send_invitations(invitations)
            flash(f"{person.full_name} har fått rollen {ROLE_LABELS[assignment.role]} ({form.scope_obj().label})."
                  + (" Invitasjonen er sendt på e-post." if invitations and not unsent else "")
                  + (" Invitasjonen kunne ikke sendes nå; send den på nytt over." if unsent else ""), "success")
            return redirect(url_for("accounts.show", person_id=person.id))
    [row] = account_rows([person], day, utcnow())
    return render_template("accounts/show.html", row=row, form=form, button=EmptyForm(), labels=STATE_LABELS,
                           viewer_id=viewer.person_id, today=day)


@bp.route("/roller/<int:assignment_id>/avslutt", methods=["POST"])
@login_required
def end_role_assignment(assignment_id: int):
    viewer = current_viewer()
    assignment = load_or_404(RoleAssignment, assignment_id, has_page=can_manage_accounts(viewer),
                             in_scope=lambda assignment: in_kommune(viewer, assignment))
    person = assignment.person
    if EmptyForm().validate_on_submit():
        try:
            still_mentoring = end_role(assignment, today(), viewer.person_id)
        except RoleError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(f"Rollen {ROLE_LABELS[assignment.role]} ({assignment.scope_label}) er avsluttet for "
                  f"{person.full_name}.", "success")
            if still_mentoring:
                names = ", ".join(m.mentee.full_name for m in still_mentoring)
                flash(f"{person.full_name} er fortsatt mentor for {names}. Enhetslederen gir dem en ny mentor "
                      "fra planen deres («Bytt mentor»).", "warning")
    return redirect(url_for("accounts.show", person_id=person.id))


# --- Invitations the staff file left for later -----------------------------------------------

@bp.context_processor
def _waiting_invitations():
    """How many accounts wait for their invitation, for Kontoer's button (counted only where shown)."""
    return {"waiting_invitations": lambda: count_waiting(current_viewer().kommune_id, today())}


@bp.route("/inviter-ventende", methods=["POST"])
@login_required
def invite_all_waiting():
    """Sends every invitation the staff file left for later («send senere»)."""
    viewer = current_viewer()
    allowed(can_manage_accounts(viewer))
    if EmptyForm().validate_on_submit():
        invitations = invite_waiting(viewer.kommune_id, today())
        db.session.commit()
        unsent = send_invitations(invitations)
        if not invitations:
            flash("Ingen kontoer venter på invitasjon.", "info")
        elif unsent:
            flash(f"Invitasjonen ble sendt til {len(invitations) - len(unsent)} av {len(invitations)}. Ikke sendt til "
                  f"{', '.join(i.user.email for i in unsent)}: send dem på nytt med «Send ny invitasjon» når "
                  "e-posten virker.", "error")
        else:
            flash(f"Invitasjonen er sendt til {len(invitations)} {'person' if len(invitations) == 1 else 'personer'}. "
                  f"Lenken virker i {invitations[0].lifetime_days} dager.", "success")
    return redirect(url_for("accounts.index"))
