from django.urls import path

from municipalities.views import public

app_name = "municipalities"
urlpatterns = [
    path("runder/", public.RoundListView.as_view(), name="round_list"),
    path("runder/<int:number>/", public.round_detail, name="round_detail"),
    path("kommuner/", public.municipality_list, name="municipality_list"),
    path("kommuner/<str:number>/", public.municipality_detail, name="municipality_detail"),
]
