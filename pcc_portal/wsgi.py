import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pcc_portal.settings")
application = get_wsgi_application()

# Only the web process limits how long a database statement may run (see pcc_portal.hardening).
from pcc_portal.hardening import limit_statements_of_web_requests  # noqa: E402

limit_statements_of_web_requests()
