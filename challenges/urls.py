from django.urls import path

from challenges.views import alerts, public, questions, review

app_name = "challenges"

urlpatterns = [
    path("<int:pk>/", public.challenge_detail, name="detail"),
    path("til-vurdering/", review.review_list, name="review_list"),
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
    path("varsler/avmeld/<str:token>/", alerts.unsubscribe, name="unsubscribe"),
    path("varsler/avmeld/<str:token>/<int:challenge>/", alerts.unsubscribe_follow, name="unsubscribe_follow"),
]
