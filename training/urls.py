"""URLs of the class pages (/lop/...)."""

from django.urls import path

from training import views

app_name = "training"

urlpatterns = [
    path("lop/", views.class_list, name="class_list"),
    path("lop-cua-toi/", views.my_classes, name="my_classes"),
    path("lop/them/", views.class_create, name="class_create"),
    path("lop/<int:pk>/", views.class_detail, name="class_detail"),
    path("lop/<int:pk>/cu/", views.nominate, name="nominate"),
    path("lop/<int:pk>/cu-theo-danh-sach/", views.nominate_upload, name="nominate_upload"),
    path("lop/<int:pk>/quan-ly/", views.class_manage, name="class_manage"),
    path("lop/<int:pk>/sua/", views.class_edit, name="class_edit"),
    path("lop/<int:pk>/trang-thai/", views.class_transition, name="class_transition"),
    path("lop/<int:pk>/danh-sach/", views.compiled_list, name="compiled_list"),
    path("lop/<int:pk>/them-hoc-vien/", views.organiser_add, name="organiser_add"),
    path("lop/de-cu/<int:pk>/rut/", views.nomination_withdraw, name="nomination_withdraw"),
    path("lop/de-cu/<int:pk>/thay/", views.nomination_substitute, name="nomination_substitute"),
    path("lop/de-cu/<int:pk>/duyet/", views.nomination_decide, {"decision": "approve"}, name="nomination_approve"),
    path("lop/de-cu/<int:pk>/tu-choi/", views.nomination_decide, {"decision": "reject"}, name="nomination_reject"),
    path("lop/buoi/<int:pk>/xoa/", views.session_delete, name="session_delete"),
    path("lop/buoi/<int:pk>/diem-danh/", views.session_marking, name="session_marking"),
    path("lop/buoi/<int:pk>/so-lieu/", views.session_counts, name="session_counts"),
    path("lop/buoi/<int:pk>/qr/", views.session_qr, name="session_qr"),
    path("diem-danh/<int:session_pk>/", views.check_in, name="check_in"),
    path("diem-danh/<int:session_pk>/<str:token>/", views.check_in_token, name="check_in_token"),
]
