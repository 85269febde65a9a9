from django.urls import path

from challenges import feeds
from challenges.views import alerts, catalogue, files, public, questions, review, writing

app_name = "challenges"

urlpatterns = [
    path("<int:pk>/", public.challenge_detail, name="detail"),
    path("til-vurdering/", review.review_list, name="review_list"),
    # Writing (municipality staff).
    path("mine/", writing.challenge_mine, name="mine"),
    path("ny/", writing.challenge_start, name="start"),
    path("ny/fra-lerretet/", writing.challenge_start_from_canvas, name="start_from_canvas"),
    path("<int:pk>/rediger/", writing.challenge_edit, name="edit"),
    path("<int:pk>/send-til-vurdering/", writing.challenge_submit, name="submit"),
    path("<int:pk>/lukk/", writing.challenge_close, name="close"),
    # Review (moderators).
    path("<int:pk>/publiser/", review.challenge_publish, name="publish"),
    path("<int:pk>/be-om-endringer/", review.challenge_request_changes, name="request_changes"),
    # Questions and answers, following
    path("<int:pk>/sporsmal/", questions.question_list, name="question_list"),
    path("<int:pk>/sporsmal/ny/", questions.ask, name="question_ask"),
    path("<int:pk>/avklaring/", questions.clarify, name="clarification_add"),
    path("<int:pk>/folg/", questions.follow, name="follow"),
    path("<int:pk>/slutt-a-folge/", questions.unfollow, name="unfollow"),
    path("sporsmal/<int:pk>/", questions.question_detail, name="question_detail"),
    path("sporsmal/<int:pk>/svar/", questions.answer, name="question_answer"),
    path("sporsmal/<int:pk>/avvis/", questions.decline, name="question_decline"),
    # Alerts about new challenges, and unsubscribing from the e-mails without signing in
    path("varsler/", alerts.alert_settings, name="alerts"),
    path("varsler/avmeld/<slug:token>/", alerts.unsubscribe, name="unsubscribe"),
    path(
        "varsler/avmeld/<slug:token>/<int:challenge>/", alerts.unsubscribe_follow, name="unsubscribe_follow"
    ),
    path("<int:pk>/filer/", files.files, name="files"),
    path("<int:pk>/bilder/", files.image_add, name="image_add"),
    path("<int:pk>/vedlegg/", files.attachment_add, name="attachment_add"),
    path("bilder/<int:pk>/<int:width>/", files.image, name="image"),
    path("bilder/<int:pk>/slett/", files.image_delete, name="image_delete"),
    path("vedlegg/<int:pk>/", files.attachment, name="attachment"),
    path("vedlegg/<int:pk>/slett/", files.attachment_delete, name="attachment_delete"),
]

# ----------------------------------------------------------------------------------------------------
# Catalogue, open data and feeds
urlpatterns += [
    path("", catalogue.catalogue, name="catalogue"),
    path("utfordringer.csv", catalogue.catalogue_csv, name="catalogue_csv"),
    path("utfordringer.json", catalogue.catalogue_json, name="catalogue_json"),
    path("feed/", feeds.NewChallengesFeed(), name="feed"),
    path("feed/tema/<slug:slug>/", feeds.ThemeFeed(), name="theme_feed"),
    path("feed/fylke/<str:key>/", feeds.CountyFeed(), name="county_feed"),
]
# End of catalogue, open data and feeds.
# ----------------------------------------------------------------------------------------------------
