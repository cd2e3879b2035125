"""Command-line commands (CONTRACT.md), registered by the factory."""
from .admin import create_admin, totp_off
from .anonymise import anonymise
from .backup import backup
from .demo import demo
from .ics import ics
from .plan import plan
from .retention import retention
from .schedule import schedule
from .scheduler import scheduler
from .staff import import_staff
from .turnus import import_turnus_command

commands = [anonymise, backup, create_admin, demo, ics, import_staff, import_turnus_command, plan, retention, schedule, scheduler, totp_off]
