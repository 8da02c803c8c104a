"""URLs of the yearly reports (/bao-cao/) and the dashboards (/thong-ke/, /trang-cua-toi/)."""

from django.urls import path

from certificates import report_views as views

app_name = "reports"

urlpatterns = [
    path("bao-cao/", views.report_index, name="index"),
    path("bao-cao/<int:year>/don-vi/<int:unit_pk>/", views.report_detail, name="report"),
    path("bao-cao/<int:year>/don-vi/<int:unit_pk>/bao-cao.<str:fmt>", views.report_export, name="report_export"),
    path("bao-cao/<int:year>/tong-hop/", views.district_summary, name="summary"),
    path("bao-cao/<int:year>/tong-hop.<str:fmt>", views.district_summary_export, name="summary_export"),
    path("thong-ke/", views.organiser_dashboard, name="organiser"),
    path("thong-ke/tinh-lai/", views.refresh_statistics, name="refresh"),
    path("thong-ke/don-vi/<int:unit_pk>/", views.unit_dashboard, name="unit"),
    path("thong-ke/don-vi-cua-toi/", views.coordinator_dashboard, name="coordinator"),
    path("trang-cua-toi/", views.learner_dashboard, name="learner"),
]
