"""URLs of learning outside the page tree: "Khóa học của tôi", search and the answer autosave."""

from django.urls import path

from courses import views

app_name = "courses"

urlpatterns = [
    path("khoa-hoc-cua-toi/", views.my_courses, name="my_courses"),
    path("search/", views.search, name="search"),
    path("bai-lam/<int:attempt_id>/luu/", views.quiz_autosave, name="autosave"),
]
