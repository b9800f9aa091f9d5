app_name = "funds"

urlpatterns = []
