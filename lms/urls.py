"""Root URLs: accounts, the workspace, health check, Wagtail admin and pages."""

from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from lms import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon),
    path("i18n/", include("django.conf.urls.i18n")),
    path("tai-khoan/", include("allauth.urls")),
    path("", include("units.urls")),
    path("", include("training.urls")),
    path("thong-bao/", views.notices, name="notices"),
    path("certificates/", include("certificates.urls")),
    path("", include("certificates.report_urls")),
    path("", include("courses.urls")),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns.append(path("", include(wagtail_urls)))
