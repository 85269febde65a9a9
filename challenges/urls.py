from django.urls import path

from challenges import feeds
from challenges.views import catalogue, public, review

app_name = "challenges"

urlpatterns = [
    path("<int:pk>/", public.challenge_detail, name="detail"),
    path("til-vurdering/", review.review_list, name="review_list"),
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
