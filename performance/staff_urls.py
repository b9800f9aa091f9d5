"""Pages for OPCC staff only (imports, sign-off, outstanding data), in the performance namespace."""

urlpatterns = []
