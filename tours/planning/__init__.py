"""The pure planning core: stdlib, ortools and geopy only (no Django, Ninja, icalendar or apps).

Problem in, plan out; `tours.adapters` is the only module that connects it to the database.
The import contracts in pyproject.toml keep it that way.
"""
