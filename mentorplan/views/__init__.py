"""One blueprint per part of the product; templates in templates/<blueprint>/."""
from mentorplan.views.absence import bp as absence_bp
from mentorplan.views.access_log import bp as access_log_bp
from mentorplan.views.calendar import bp as calendar_bp
from mentorplan.views.checklists import bp as checklists_bp
from mentorplan.views.conversations import bp as conversations_bp
from mentorplan.views.home import bp as home_bp
from mentorplan.views.network import bp as network_bp
from mentorplan.views.notifications import bp as notifications_bp
from mentorplan.views.own_data import bp as own_data_bp
from mentorplan.views.people import bp as people_bp
from mentorplan.views.plans import bp as plans_bp
from mentorplan.views.retention import bp as retention_bp
from mentorplan.views.programme import bp as programme_bp
from mentorplan.views.pulse import bp as pulse_bp
from mentorplan.views.roster import bp as roster_bp
from mentorplan.views.schedule import bp as schedule_bp
from mentorplan.views.turnus import bp as turnus_bp
from mentorplan.views.unit import bp as unit_bp
from mentorplan.views.ward import bp as ward_bp

blueprints = [absence_bp, home_bp, plans_bp, ward_bp, turnus_bp, unit_bp, people_bp, schedule_bp, conversations_bp,
              checklists_bp, calendar_bp, notifications_bp, retention_bp, access_log_bp]
blueprints += [roster_bp, pulse_bp, programme_bp, network_bp, own_data_bp]
