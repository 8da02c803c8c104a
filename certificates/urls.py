"""URLs of certificates: public verification, the learner's certificates, management, jobs and the register."""

from django.urls import path

from certificates import views

app_name = "certificates"

urlpatterns = [
    path("verify/", views.verify_form, name="verify_form"),
    path("verify/<str:code>/", views.verify, name="verify"),
    path("mine/", views.my_certificates, name="mine"),
    path("<int:pk>/pdf/", views.certificate_pdf, name="pdf"),
    path("<int:pk>/revoke/", views.revoke, name="revoke"),
    path("<int:pk>/reissue/", views.reissue, name="reissue"),
    path("manage/", views.manage, name="manage"),
    path("manage/issue/", views.issue, name="issue"),
    path("manage/register.<str:fmt>", views.register_export, name="register_export"),
    path("jobs/<int:pk>/", views.job_detail, name="job"),
    path("jobs/<int:pk>/status/", views.job_status, name="job_status"),
    path("jobs/<int:pk>/download/", views.job_download, name="job_download"),
    path("access-register/", views.access_register, name="access_register"),
    path("classes/<int:pk>/", views.class_documents, name="class_documents"),
    path("classes/<int:pk>/announcement.pdf", views.class_announcement, name="class_announcement"),
    path("classes/<int:pk>/issue/", views.class_issue, name="class_issue"),
    path("classes/<int:pk>/<str:kind>.<str:fmt>", views.class_document, name="class_document"),
]
