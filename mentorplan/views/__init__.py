"""One blueprint per part of the product; templates in templates/<blueprint>/."""
from .absence import bp as absence_bp
from .access_log import bp as access_log_bp
from .calendar import bp as calendar_bp
from .checklists import bp as checklists_bp
from .conversations import bp as conversations_bp
from .home import bp as home_bp
from .network import bp as network_bp
from .notifications import bp as notifications_bp
from .own_data import bp as own_data_bp
from .people import bp as people_bp
from .plans import bp as plans_bp
from .retention import bp as retention_bp
from .programme import bp as programme_bp
from .pulse import bp as pulse_bp
from .roster import bp as roster_bp
from .schedule import bp as schedule_bp
from .turnus import bp as turnus_bp
from .unit import bp as unit_bp
from .ward import bp as ward_bp

blueprints = [absence_bp, home_bp, plans_bp, ward_bp, turnus_bp, unit_bp, people_bp, schedule_bp, conversations_bp,
              checklists_bp, calendar_bp, notifications_bp, retention_bp, access_log_bp]
blueprints += [roster_bp, pulse_bp, programme_bp, network_bp, own_data_bp]
