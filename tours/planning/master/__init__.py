"""The master: CP-SAT chooses one priced or routed pattern per bus and times the buses
jointly (choose, realize, plan), a second start for the search on smaller days.

Imports the model, routing, the bound's patterns, the quick search and the checker.
"""
