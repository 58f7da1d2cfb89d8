"""Routes for delegations (with their members) and interpreters under an event."""

from ninja import Router

from delegations.api_routes import add_entity_routes
from delegations.kinds import DELEGATIONS, INTERPRETERS
from delegations.schemas import DelegationPatch, InterpreterPatch

router = Router()
add_entity_routes(router, DELEGATIONS, DelegationPatch)
add_entity_routes(router, INTERPRETERS, InterpreterPatch)
