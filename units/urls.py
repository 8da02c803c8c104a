"""URLs of the officials workspace (/quan-ly/) and the profile pages (/ho-so/)."""

from django.urls import path

from units import views

app_name = "units"

urlpatterns = [
    path("quan-ly/", views.workspace, name="workspace"),
    path("quan-ly/don-vi/<int:unit_pk>/can-bo/", views.official_list, name="official_list"),
    path("quan-ly/don-vi/<int:unit_pk>/can-bo/them/", views.official_create, name="official_create"),
    path("quan-ly/don-vi/<int:unit_pk>/can-bo/nhap/", views.roster_import_upload, name="roster_import_upload"),
    path(
        "quan-ly/don-vi/<int:unit_pk>/can-bo/nhap/<int:pk>/",
        views.roster_import_review,
        name="roster_import_review",
    ),
    path("quan-ly/can-bo/mau-danh-sach.xlsx", views.roster_template, name="roster_template"),
    path("quan-ly/can-bo/<int:pk>/", views.official_detail, name="official_detail"),
    path("quan-ly/can-bo/<int:pk>/sua/", views.official_edit, name="official_edit"),
    path("quan-ly/can-bo/<int:pk>/ngung/", views.official_deactivate, name="official_deactivate"),
    path("quan-ly/can-bo/<int:pk>/cap-tai-khoan/", views.official_grant_login, name="official_grant_login"),
    path("quan-ly/can-bo/<int:pk>/xac-nhan/", views.official_confirm, name="official_confirm"),
    path("quan-ly/dinh-chinh/", views.correction_list, name="correction_list"),
    path("quan-ly/dinh-chinh/<int:pk>/xong/", views.correction_resolve, name="correction_resolve"),
    path("quan-ly/nhat-ky/", views.audit_log, name="audit_log"),
    path("ho-so/", views.profile, name="profile"),
    path("ho-so/du-lieu.<str:fmt>", views.personal_data_download, name="personal_data_download"),
    path("ho-so/dinh-chinh/", views.correction_request, name="correction_request"),
    path("ho-so/dong-y/", views.consent, name="consent"),
]
