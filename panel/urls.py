app_name = "panel"

urlpatterns = []
