"""The web server beside every adapter: calendar feeds, the table's page, unsubscribe links.

Off unless ``OUTARDE_WEB_PORT`` is set; ``OUTARDE_PUBLIC_URL`` is the address people see.
"""

from adapters.web.server import (
    SERVER,
    RunningWeb,
    install,
    start_from_environment,
    start_web,
    web_app,
)

__all__ = ["SERVER", "RunningWeb", "install", "start_from_environment", "start_web", "web_app"]
