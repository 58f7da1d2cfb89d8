"""Route groups of the tours router, each added by its `add_*_routes(router)` (tours/api.py)."""
