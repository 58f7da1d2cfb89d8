"""Request guards in front of the API: body size, and the one error body outside ninja."""

from django.conf import settings
from django.http import JsonResponse

API_PREFIX = "/api/"


def error_response(status: int, code: str, message: str, details=None) -> JsonResponse:
    """The one error body of the whole API."""
    body = {"code": code, "message": message, "details": details if details is not None else []}
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


class BodySizeLimit:
    """Refuse oversized bodies before anything reads them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.KENGAKU_MAX_BODY_BYTES
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > limit:
            message = f"the body is {length} bytes; the limit is {limit} bytes"
            return error_response(413, "payload_too_large", message)
        return self.get_response(request)


class ApiErrorBodies:
    """Unknown API paths and wrong methods answer with the API's error body, not HTML or text."""

    CODES = {404: "not_found", 405: "method_not_allowed"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith(API_PREFIX) or response.status_code not in self.CODES:
            return response
        if response.get("Content-Type", "").startswith("application/json"):
            return response
        status = response.status_code
        if status == 405:
            message = f"{request.method} is not allowed here; allowed: {response.get('Allow', '')}"
        else:
            message = f"no API route {request.path!r}"
        replaced = error_response(status, self.CODES[status], message)
        if response.has_header("Allow"):
            replaced["Allow"] = response["Allow"]
        return replaced
