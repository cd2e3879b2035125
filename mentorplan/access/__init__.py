"""The one place that decides who may see and do what. Deny by default.

Views never filter by role themselves: they ask a `Viewer` (the logged-in person's
roles and scopes on a given day) for a query clause or a yes/no. Pages that a role
does not have answer 403; objects outside a person's scope answer 404, so that
guessing ids reveals nothing.

The rules live in modules by what they decide (plans, conversations, units, people,
scheduling, accounts, programme, kommune); every name is imported from here.
"""
from mentorplan.access.accounts import (  # noqa: F401
    access_log_clause,
    can_export_data_of,
    can_give_roles,
    can_manage_accounts,
    can_manage_totp,
    can_search_access_log,
    can_use_totp,
    can_view_notification,
    can_view_outbox,
    outbox_clause,
    own_access_log_clause,
)
from mentorplan.access.conversations import (  # noqa: F401
    assigned_actions_clause,
    can_complete_action,
    can_correct_conversation,
    can_log_conversation,
    can_log_conversations,
    can_read_notes,
    is_assignee,
    is_mentee,
)
from mentorplan.access.kommune import can_manage_kommune_settings  # noqa: F401
from mentorplan.access.people import (  # noqa: F401
    can_add_employments,
    can_edit_employment,
    can_edit_employments,
    can_upload_for_whole_kommune,
    can_upload_staff,
    can_view_people,
    can_view_person,
    people_clause,
    people_led,
    staff_upload_scope,
)
from mentorplan.access.plans import (  # noqa: F401
    can_change_plan,
    can_change_plans,
    can_complete,
    can_hand_over,
    can_record_before_go_live,
    can_record_before_go_live_plans,
    can_self_assess,
    can_sign_off,
    can_view_mentorship,
    follows_plans,
    has_mentees,
    has_own_plan,
    leader_clause,
    LEADER_RESPONSIBILITIES,
    leads_employment,
    leads_ward_of,
    mentor_clause,
    unit_leader_clause,
    ward_leader_clause,
)
from mentorplan.access.programme import (  # noqa: F401
    can_answer_pulse,
    can_edit_benchmarks,
    can_manage_roster,
    can_plan_networks,
    can_view_meeting,
    can_view_pulse,
    can_view_retention,
    can_view_roster,
    can_view_rosters,
    network_meetings_clause,
    network_units_clause,
    retention_suppressed,
    retention_unit_ids,
    roster_units_clause,
)
from mentorplan.access.scheduling import (  # noqa: F401
    can_download_plan,
    can_register_absence,
    can_schedule,
    can_take_ward_feed,
    can_take_ward_feeds,
    can_upload_turnus,
    feed_wards,
    turnus_upload_people,
)
from mentorplan.access.units import (  # noqa: F401
    can_edit_template,
    can_hand_over_mentees,
    can_lead_unit,
    can_read_template,
    can_register_hires,
    can_see_unit_overview,
    can_see_ward_overview,
    hiring_wards,
    leads_units,
    template_or_404,
    unit_led_or_404,
    units_led_clause,
)
from mentorplan.access.viewer import (  # noqa: F401
    allowed,
    found,
    in_kommune,
    load_or_404,
    Viewer,
    viewer_for,
    viewer_for_person,
)

# The rules the templates ask, registered once as Jinja globals (web/templating.py), so a menu
# link and the page behind it ask the same question: `{% if can_view_retention(viewer) %}`.
TEMPLATE_RULES = (
    can_change_plan,
    can_give_roles,
    can_manage_accounts,
    can_manage_kommune_settings,
    can_manage_totp,
    can_record_before_go_live,
    can_register_absence,
    can_search_access_log,
    can_see_ward_overview,
    can_upload_for_whole_kommune,
    can_view_outbox,
    can_view_people,
    can_view_retention,
    can_view_rosters,
    has_mentees,
    has_own_plan,
    leads_units,
)
