import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pcc_portal.settings")
application = get_wsgi_application()

# What only a web process does, once the portal is loaded: limit how long a database statement
# may run (see pcc_portal.hardening), and set what was loaded apart from the garbage collector.
from pcc_portal.apps import freeze_loaded_code  # noqa: E402
from pcc_portal.hardening import limit_statements_of_web_requests  # noqa: E402

limit_statements_of_web_requests()
freeze_loaded_code()
