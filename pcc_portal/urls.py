from django.contrib import admin
from django.urls import include, path

from . import two_step, views

admin.site.site_header = "PCC performance portal – administration"
admin.site.site_title = "PCC portal admin"
admin.site.index_title = "Figures, funds, finance and panel papers"

urlpatterns = [
    path("", include("performance.site_urls")),
    path("healthz/", views.healthz, name="healthz"),
    path("status/", views.service_status, name="status"),
    path("favicon.ico", views.favicon),
    path("search/", include("panel.search_urls")),
    path("accessibility/", views.accessibility_statement, name="accessibility"),
    path(
        "accounts/login/",
        two_step.SignInView.as_view(extra_context=views.sign_in_rules()),
        name="login",
    ),
    path("accounts/login/code/", two_step.sign_in_code, name="sign-in-code"),
    path("accounts/two-step/", two_step.two_step_settings, name="two-step"),
    path("accounts/logout/", views.SignOutView.as_view(), name="logout"),
    path("performance/", include("performance.urls")),
    path("finance/", include("finance.urls")),
    path("funds/", include("funds.urls")),
    path("panel/", include("panel.urls")),
    path("admin/login/", two_step.admin_sign_in),
    path("admin/", admin.site.urls),
]

# Errors: Django's default handlers render templates/400.html, 403.html, 404.html and 500.html
# (the last without a request context, so a failing database cannot break it) and
# 403_csrf.html for an expired form; with DEBUG off no traceback or setting is ever shown.

handler500 = "pcc_portal.views.server_error"
