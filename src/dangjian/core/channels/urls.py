from django.urls import path

from . import views

app_name = "channels"

urlpatterns = [
    path("robots/", views.RobotListView.as_view(), name="robot_list"),
    path("robots/add/", views.RobotEditView.as_view(), name="robot_add"),
    path("robots/<int:pk>/edit/", views.RobotEditView.as_view(), name="robot_edit"),
    path("deliveries/", views.DeliveryListView.as_view(), name="delivery_list"),
    path("deliveries/<int:pk>/", views.DeliveryView.as_view(), name="delivery"),
    path("deliveries/<int:pk>/retry/", views.retry, name="delivery_retry"),
]
