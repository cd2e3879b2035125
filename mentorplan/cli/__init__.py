"""Command-line commands (CONTRACT.md), registered by the factory."""
from .admin import create_admin
from .demo import demo
from .plan import plan
from .retention import retention
from .schedule import schedule
from .staff import import_staff
from .turnus import import_turnus_command

commands = [create_admin, demo, import_staff, import_turnus_command, plan, retention, schedule]
