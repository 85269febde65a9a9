from django.urls import path
from django.views.generic import TemplateView

app_name = "municipalities"
urlpatterns = [path("runder/", TemplateView.as_view(template_name="gnist/home.html"), name="round_list")]
