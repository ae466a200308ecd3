from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from paskyros import views as account_views
from regionas import views

admin.site.site_header = "Regionas"
admin.site.site_title = "Regionas"

urlpatterns = [
    path("", account_views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("paskyra/", include("paskyros.urls")),
    path("bibliotekos/", include("bibliotekos.urls")),
    path("statistika/", include("statistika.urls")),
    path("dokumentai/", include("ataskaitos.urls")),
    path("mokymai/", include("mokymai.urls")),
    path("projektai/", include("projektai.urls")),
    path("konsultacijos/", include("konsultacijos.urls")),
    path("tyrimai/", include("tyrimai.urls")),
    path("viesinimas/", include("viesinimas.urls")),
    path("bendradarbiavimas/", include("bendradarbiavimas.urls")),
    path("apdovanojimai/", include("apdovanojimai.urls")),
    path("archyvas/", include("archyvas.urls")),
    path("pirkimai/", include("pirkimai.urls")),
    path("pavedimai/", include("pavedimai.urls")),
    path("planavimas/", include("planavimas.urls")),
    path("administravimas/", admin.site.urls),
    path("jsi18n/", login_not_required(JavaScriptCatalog.as_view()),
         name="javascript-catalog"),
]

handler400 = "regionas.views.bad_request"
handler403 = "regionas.views.permission_denied"
handler404 = "regionas.views.page_not_found"
handler500 = "regionas.views.server_error"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
