from django.contrib import admin
from django.urls import path
from django.views.generic import RedirectView

from project.api import api
from tours import views as tours_views

urlpatterns = [
    path("", RedirectView.as_view(url="/api/docs", permanent=False)),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("feeds/<str:token>.ics", tours_views.feed_ics, name="feed-ics"),
    path("feeds/<str:token>/confirm", tours_views.feed_confirm, name="feed-confirm"),
    path("feeds/<str:token>", tours_views.feed_page, name="feed-page"),
]
