"""Public pages opened by a personal feed token (no login): the person's calendar, their day
page and an interpreter's "I confirm". Everything is read through the token, so it opens its
owner's data and nothing else; unknown and revoked tokens get a bare 404."""

from django.http import HttpRequest, HttpResponse, HttpResponseNotFound
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from delegations.errors import NotFound
from tours.selectors.feeds import feed_calendar, feed_day, feed_for_token
from tours.services.feeds import interpreter_confirm

PRIVATE = {
    "Cache-Control": "private, no-store",
    "Referrer-Policy": "no-referrer",  # the token is in the URL: never pass it on
    "X-Robots-Tag": "noindex, nofollow",
}


def _not_found() -> HttpResponse:
    return HttpResponseNotFound("Not found", content_type="text/plain; charset=utf-8")


def _private(response: HttpResponse) -> HttpResponse:
    for header, value in PRIVATE.items():
        response[header] = value
    return response


@require_GET
def feed_ics(request: HttpRequest, token: str) -> HttpResponse:
    try:
        data = feed_calendar(token=feed_for_token(token))
    except NotFound:
        return _not_found()
    response = HttpResponse(data, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="itinerary.ics"'
    return _private(response)


@require_GET
def feed_page(request: HttpRequest, token: str) -> HttpResponse:
    try:
        day = feed_day(token=feed_for_token(token))
    except NotFound:
        return _not_found()
    context = {"day": day, "token": token, "confirmed": request.GET.get("confirmed") == "1"}
    return _private(render(request, "tours/day.html", context))


@require_POST
def feed_confirm(request: HttpRequest, token: str) -> HttpResponse:
    try:
        interpreter_confirm(raw_token=token)
    except NotFound:
        return _not_found()
    return redirect(f"/feeds/{token}?confirmed=1", permanent=False)
