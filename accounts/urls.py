from django.urls import path

from accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.profile, name="profile"),
    path("mine-data/", views.export, name="export"),
    path("slett/", views.delete, name="delete"),
]
