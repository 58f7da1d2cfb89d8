"""Refuse oversized request bodies before anything reads them, with the API's error body."""

from django.conf import settings
from django.http import JsonResponse


class BodySizeLimit:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.KENGAKU_MAX_BODY_BYTES
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > limit:
            body = {
                "code": "payload_too_large",
                "message": f"the body is {length} bytes; the limit is {limit} bytes",
                "details": [],
            }
            return JsonResponse(body, status=413)
        return self.get_response(request)
