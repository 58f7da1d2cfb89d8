"""The single NinjaAPI: authentication, the one error body, and the apps' routers."""

from django.http import Http404, HttpRequest
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer, SessionAuth

from delegations.api import router as delegations_router
from delegations.api_routes import HAND_PARSED_SCHEMAS
from delegations.errors import (
    BadRequest,
    Conflict,
    DomainError,
    Forbidden,
    NotFound,
    PayloadTooLarge,
    PreconditionFailed,
    ValidationFailed,
    pydantic_problems,
)
from project.middleware import error_response as error
from tours.api import router as tours_router
from tours.services.access import token_authenticate, user_role

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
STATUS = {
    NotFound: 404,
    Conflict: 409,
    PreconditionFailed: 412,
    ValidationFailed: 422,
    PayloadTooLarge: 413,
    BadRequest: 400,
    Forbidden: 403,
}


def authorize(request: HttpRequest, user):
    """Viewers read; planners read and write; a user with neither role gets nothing."""
    if user is None:
        return None
    role = user_role(user)
    if role is None:
        raise Forbidden(f"user {user.get_username()!r} has no role (planner or viewer)")
    if request.method not in SAFE_METHODS and role != "planner":
        raise Forbidden(f"user {user.get_username()!r} is a {role}: viewers cannot change data")
    return user


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str):
        return authorize(request, token_authenticate(raw=token))


class DjangoSession(SessionAuth):
    def authenticate(self, request: HttpRequest, key):
        return authorize(request, super().authenticate(request, key))


class KengakuAPI(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        """Document the bodies that handlers parse by hand (see delegations.api_routes)."""
        schema = super().get_openapi_schema(*args, **kwargs)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        for model in HAND_PARSED_SCHEMAS:
            doc = model.model_json_schema(ref_template="#/components/schemas/{model}")
            components.update(doc.pop("$defs", {}))
            components[model.__name__] = doc
        return schema


api = KengakuAPI(
    title="Kengaku",
    version="1",
    description="Plan study tours and delegation site visits. Data in and out: kengaku.scenario/1.",
    auth=[BearerToken(), DjangoSession()],
)
api.add_router("/", tours_router)
api.add_router("/", delegations_router)


@api.exception_handler(DomainError)
def on_domain_error(request: HttpRequest, exc: DomainError):
    status = next((s for cls, s in STATUS.items() if isinstance(exc, cls)), 400)
    return error(status, exc.code, exc.message, exc.details)


@api.exception_handler(NinjaValidationError)
def on_request_invalid(request: HttpRequest, exc: NinjaValidationError):
    failed = ValidationFailed(_request_problems(exc.errors), "the request")
    return error(422, failed.code, failed.message, failed.details)


def _request_problems(errors: list[dict]):
    """Drop the framework's location prefix: ("body", "payload", "size") -> "size"."""
    for e in errors:
        loc = list(e.get("loc", ()))
        if loc[:1] == ["body"]:
            loc = loc[2:]
        elif loc[:1] in (["query"], ["path"]):
            loc = loc[1:]
        e["loc"] = tuple(loc)
    return pydantic_problems(errors)


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request: HttpRequest, exc: AuthenticationError):
    response = error(
        401,
        "unauthenticated",
        "authentication required: send 'Authorization: Bearer <token>' or log in",
    )
    response["WWW-Authenticate"] = 'Bearer realm="kengaku"'
    return response


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError):
    code = {400: "bad_request", 405: "method_not_allowed", 413: "payload_too_large"}
    return error(exc.status_code, code.get(exc.status_code, "error"), exc.message)


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404):
    return error(404, "not_found", str(exc) or "not found")
