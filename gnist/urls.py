from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from gnist import views
from gnist.admin import refuse_junk_input
from gnist.pagecache import bump_after_admin_writes

admin.site.login = secure_admin_login(admin.site.login)
# Before admin.site.urls below builds the admin's views: every admin write makes cached public pages stale.
admin.site.admin_view = bump_after_admin_writes(admin.site.admin_view)
# Junk no admin form could send is a bad request (400), never a server error.
admin.site.admin_view = refuse_junk_input(admin.site.admin_view)
admin.site.site_header = "Gnist"
admin.site.site_title = "Gnist"

urlpatterns = i18n_patterns(
    path("", views.home, name="home"),
    path("om/", views.about, name="about"),
    path("tilgjengelighet/", views.accessibility, name="accessibility"),
    path("personvern/", views.privacy, name="privacy"),
    path("konto/", include("allauth.urls")),
    path("profil/", include("accounts.urls")),
    path("", include("municipalities.urls")),
    path("kompetanse/", include("competence.urls")),
    path("utfordringer/", include("challenges.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=False,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# The site's own error pages, in the page's language with the site's layout (gnist/errors.py).
handler400 = "gnist.errors.bad_request"
handler403 = "gnist.errors.permission_denied"
handler404 = "gnist.errors.page_not_found"
handler500 = "gnist.errors.server_error"
