from django.urls import path

from challenges.views import public, review

app_name = "challenges"

urlpatterns = [
    path("<int:pk>/", public.challenge_detail, name="detail"),
    path("til-vurdering/", review.review_list, name="review_list"),
]
