from django.urls import path

from competence import views

app_name = "competence"
urlpatterns = [
    path("", views.course, name="course"),
    path("moduler/<slug:module>/", views.module, name="module"),
    path("moduler/<slug:module>/leksjoner/<slug:lesson>/", views.lesson, name="lesson"),
    path("moduler/<slug:module>/leksjoner/<slug:lesson>/ferdig/", views.lesson_done, name="lesson_done"),
    path("moduler/<slug:module>/oppgaver/<slug:exercise>/", views.exercise, name="exercise"),
    path("moduler/<slug:module>/quiz/", views.quiz, name="quiz"),
    path("moduler/<slug:module>/quiz/resultat/<int:pk>/", views.quiz_result, name="quiz_result"),
    path("notatbok/", views.notebook, name="notebook"),
    path("notatbok/<int:pk>/", views.notebook_entry, name="notebook_entry"),
    path("notatbok/last-ned/<str:fmt>/", views.notebook_download, name="notebook_download"),
    path("kursbevis/", views.certificate, name="certificate"),
    path("kursbevis/pdf/", views.certificate_download, name="certificate_download"),
    path("bevis/<slug:code>/", views.verify, name="verify"),
    path("deling/", views.team_sharing, name="team_sharing"),
    path("team/<slug:number>/", views.team, name="team"),
]
