from django.urls import path

from challenges.views import public, review, writing

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
]
