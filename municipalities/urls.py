from django.urls import path

from municipalities import views

app_name = "municipalities"
urlpatterns = [
    path("runder/", views.RoundListView.as_view(), name="round_list"),
    path("runder/<int:number>/", views.round_detail, name="round_detail"),
    path("kommuner/", views.municipality_list, name="municipality_list"),
    path("kommuner/<str:number>/", views.municipality_detail, name="municipality_detail"),
]
