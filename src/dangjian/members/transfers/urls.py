from django.urls import path

from . import views

app_name = "transfers"

urlpatterns = [
    path("", views.TransferListView.as_view(), name="transfer_list"),
    path("new/", views.transfer_add, name="transfer_add"),
    path("incoming/", views.incoming_add, name="incoming_add"),
    path("<int:pk>/", views.transfer_detail, name="transfer"),
    path("<int:pk>/accept/", views.transfer_accept, name="transfer_accept"),
    path("<int:pk>/reject/", views.transfer_reject, name="transfer_reject"),
    path("<int:pk>/cancel/", views.transfer_cancel, name="transfer_cancel"),
    path("<int:pk>/return/", views.transfer_return, name="transfer_return"),
    path("<int:pk>/letter/", views.transfer_letter, name="transfer_letter"),
]
