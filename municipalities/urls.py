from django.urls import path

from municipalities.views import public

app_name = "municipalities"
urlpatterns = [
    path("runder/", public.RoundListView.as_view(), name="round_list"),
    path("runder/<int:number>/", public.round_detail, name="round_detail"),
    path("kommuner/", public.municipality_list, name="municipality_list"),
    path("kommuner/<str:number>/", public.municipality_detail, name="municipality_detail"),
]

# ----------------------------------------------------------------------------------------------------
# Team access
from municipalities.views import team  # noqa: E402 -- kept inside its own section of this shared file

urlpatterns += [
    path("kommuner/invitasjon/<str:token>/", team.invitation_accept, name="team_invitation_accept"),
    path("kommuner/<str:number>/team/", team.team, name="team"),
    path("kommuner/<str:number>/team/bli-med/", team.request_to_join, name="team_request"),
    path("kommuner/<str:number>/team/inviter/", team.invite, name="team_invite"),
    path("kommuner/<str:number>/team/foresporsler/<int:pk>/", team.decide, name="team_decide"),
    path("kommuner/<str:number>/team/medlemmer/<int:pk>/fjern/", team.remove, name="team_remove"),
    path("kommuner/<str:number>/team/medlemmer/<int:pk>/rolle/", team.change_role, name="team_role"),
]
# End of team access.
# ----------------------------------------------------------------------------------------------------
