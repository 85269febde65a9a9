from django.urls import path

from challenges.views import files, public, review

app_name = "challenges"

urlpatterns = [
    path("<int:pk>/", public.challenge_detail, name="detail"),
    path("til-vurdering/", review.review_list, name="review_list"),
    path("<int:pk>/filer/", files.files, name="files"),
    path("<int:pk>/bilder/", files.image_add, name="image_add"),
    path("<int:pk>/vedlegg/", files.attachment_add, name="attachment_add"),
    path("bilder/<int:pk>/<int:width>/", files.image, name="image"),
    path("bilder/<int:pk>/slett/", files.image_delete, name="image_delete"),
    path("vedlegg/<int:pk>/", files.attachment, name="attachment"),
    path("vedlegg/<int:pk>/slett/", files.attachment_delete, name="attachment_delete"),
]
