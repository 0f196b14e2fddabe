"""Batch review URLs, included under /batches/."""

from __future__ import annotations

from django.urls import path

from . import views

urlpatterns = [
    path("", views.batches, name="batches"),
    path("<int:pk>/", views.batch, name="batch"),
    path("<int:pk>/progress/", views.progress, name="batch_progress"),
    path("<int:pk>/files/", views.add, name="batch_add"),
    path("<int:pk>/recheck/", views.recheck, name="batch_recheck"),
    path("<int:pk>/files/<int:file_id>/department/", views.department, name="batch_department"),
    path("<int:pk>/records/<int:record_id>/review/", views.review, name="batch_review"),
    path("<int:pk>/runs/<int:number>/files/<int:file_id>/", views.file_findings, name="batch_file"),
    path("<int:pk>/runs/<int:number>/review.xlsx", views.workbook, name="batch_workbook"),
    path("<int:pk>/files/<int:file_id>/original/", views.original, name="batch_original"),
]
