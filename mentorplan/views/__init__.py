"""One blueprint per part of the product; templates in templates/<blueprint>/."""
from .home import bp as home_bp

blueprints = [home_bp]
