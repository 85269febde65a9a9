from django.urls import path

from municipalities.views import public

app_name = "municipalities"
urlpatterns = [
    path("runder/", public.RoundListView.as_view(), name="round_list"),
    path("runder/<int:number>/", public.round_detail, name="round_detail"),
    path("kommuner/", public.municipality_list, name="municipality_list"),
    path("kommuner/<slug:number>/", public.municipality_detail, name="municipality_detail"),
]

# ----------------------------------------------------------------------------------------------------
# Team access
from municipalities.views import team  # noqa: E402 -- kept inside its own section of this shared file

urlpatterns += [
    path("kommuner/invitasjon/<str:token>/", team.invitation_accept, name="team_invitation_accept"),
    path("kommuner/<slug:number>/team/", team.team, name="team"),
    path("kommuner/<slug:number>/team/bli-med/", team.request_to_join, name="team_request"),
    path("kommuner/<slug:number>/team/inviter/", team.invite, name="team_invite"),
    path(
        "kommuner/<slug:number>/team/invitasjoner/<int:pk>/trekk-tilbake/",
        team.withdraw_invitation,
        name="team_invitation_withdraw",
    ),
    path("kommuner/<slug:number>/team/foresporsler/<int:pk>/", team.decide, name="team_decide"),
    path("kommuner/<slug:number>/team/medlemmer/<int:pk>/fjern/", team.remove, name="team_remove"),
    path("kommuner/<slug:number>/team/medlemmer/<int:pk>/rolle/", team.change_role, name="team_role"),
]
# End of team access.
# ----------------------------------------------------------------------------------------------------

# ----------------------------------------------------------------------------------------------------
# Applications and selection
from municipalities.views import applications  # noqa: E402 -- kept inside its own section of this shared file

urlpatterns += [
    path("soknader/", applications.application_list, name="application_list"),
    path("soknader/runder/<int:number>/ny/", applications.application_start, name="application_start"),
    path("soknader/<int:pk>/", applications.application_detail, name="application_detail"),
    path("soknader/<int:pk>/rediger/", applications.application_edit, name="application_edit"),
    path(
        "soknader/<int:pk>/rediger/vedlegg/",
        applications.application_attachments,
        name="application_attachments",
    ),
    path(
        "soknader/<int:pk>/rediger/<slug:section>/",
        applications.application_section,
        name="application_section",
    ),
    path("soknader/<int:pk>/send/", applications.application_submit, name="application_submit"),
    path("soknader/<int:pk>/bekreft/", applications.application_confirm, name="application_confirm"),
    path("soknader/<int:pk>/vedlegg/", applications.attachment_add, name="application_attachment_add"),
    path(
        "soknader/<int:pk>/vedlegg/<int:attachment>/",
        applications.attachment_download,
        name="application_attachment",
    ),
    path(
        "soknader/<int:pk>/vedlegg/<int:attachment>/slett/",
        applications.attachment_delete,
        name="application_attachment_delete",
    ),
]
# End of applications and selection.
# ----------------------------------------------------------------------------------------------------
