"""URL map: pages, the JSON API and the error handlers."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from .accounts.admin_views import audit_log, users
from .accounts.passwords import change_password
from .accounts.views import tokens
from .api.api import api
from .evidence import views as evidence
from .portfolio import views as portfolio
from .projects import conflict_views, edit_views, views


def healthz(request: HttpRequest) -> HttpResponse:
    """A trivial endpoint: the baseline the load benchmark compares real pages against."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("login/", auth_views.LoginView.as_view(template_name="jixiao/login.html",
                                                redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", change_password, name="password"),
    path("healthz", healthz, name="healthz"),
    path("", views.home, name="home"),
    path("projects/new/", views.create, name="create"),
    path("projects/upload/", views.upload, name="upload"),
    path("projects/start/", views.start, name="start"),
    path("projects/<int:pk>/", views.detail, name="project"),
    path("projects/<int:pk>/edit/", edit_views.edit, name="edit"),
    path("projects/<int:pk>/preview/", edit_views.preview, name="preview"),
    path("projects/<int:pk>/merge/", conflict_views.merge_save, name="merge"),
    path("projects/<int:pk>/submit/", edit_views.do_submit, name="submit"),
    path("projects/<int:pk>/approve/", edit_views.do_approve, name="approve"),
    path("projects/<int:pk>/return/", edit_views.do_return, name="return"),
    path("projects/<int:pk>/rereview/", edit_views.do_rereview, name="rereview"),
    path("projects/<int:pk>/revisions/", views.revisions, name="revisions"),
    path("projects/<int:pk>/revisions/<int:number>.json", views.revision_json, name="revision_json"),
    path("projects/<int:pk>/diff/", views.diff, name="diff"),
    path("projects/<int:pk>/download/<str:fmt>/", views.report, name="report"),
    path("projects/<int:pk>/evidence/", evidence.upload, name="evidence_upload"),
    path("projects/<int:pk>/evidence/<int:item_id>/", evidence.download, name="evidence_download"),
    path("projects/<int:pk>/evidence/<int:item_id>/delete/", evidence.delete, name="evidence_delete"),
    path("portfolio/", portfolio.portfolio, name="portfolio"),
    path("portfolio/export.xlsx", portfolio.export_xlsx, name="portfolio_export"),
    path("audit/", audit_log, name="audit"),
    path("tokens/", tokens, name="tokens"),
    path("users/", users, name="users"),
    path("batches/", include("jixiao.web.batches.urls")),
    path("api/", api.urls),
]

handler400 = "jixiao.web.errors.bad_request"
handler403 = "jixiao.web.errors.forbidden"
handler404 = "jixiao.web.errors.not_found"
handler500 = "jixiao.web.errors.server_error"
