"""Command-line commands (CONTRACT.md), registered by the factory."""
from .admin import create_admin
from .demo import demo
from .plan import plan
from .staff import import_staff

commands = [create_admin, demo, import_staff, plan]
