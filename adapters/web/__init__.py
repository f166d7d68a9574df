"""The web server beside every adapter: calendar feeds, the table's page, unsubscribe links.

Off unless ``OUTARDE_WEB_PORT`` is set; ``OUTARDE_PUBLIC_URL`` is the address people see.
``SERVER`` (in ``environment``) loads the routes and aiohttp only when a port is set.
"""

from adapters.web.environment import SERVER, configured_port, start_from_environment

__all__ = ["SERVER", "configured_port", "start_from_environment"]
