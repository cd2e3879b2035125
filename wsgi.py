"""The one place the application is built."""
from config import from_environment
from mentorplan import create_app

app = create_app(from_environment())
