"""The independent checker: a plan against the nine hard rules of the contract and the pins.

Imports only the problem model (and never ortools): it is what every plan of the search is judged
by, so it must not share the search's code or its mistakes.
"""
