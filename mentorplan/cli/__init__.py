"""Command-line commands (CONTRACT.md), registered by the factory."""
from mentorplan.cli.admin import create_admin, totp_off
from mentorplan.cli.anonymise import anonymise
from mentorplan.cli.backup import backup
from mentorplan.cli.demo import demo
from mentorplan.cli.ics import ics
from mentorplan.cli.plan import plan
from mentorplan.cli.retention import retention
from mentorplan.cli.schedule import schedule
from mentorplan.cli.scheduler import scheduler
from mentorplan.cli.staff import import_staff
from mentorplan.cli.turnus import import_turnus_command

commands = [anonymise, backup, create_admin, demo, ics, import_staff, import_turnus_command, plan, retention, schedule, scheduler, totp_off]
