"""Why a plan is what it is: per delegation, bus and facility, read from the plan's own times
against the scenario (report), the rule that binds a missed facility (binding, fit).

Imports the model and the checker; the search imports nothing of it.
"""
