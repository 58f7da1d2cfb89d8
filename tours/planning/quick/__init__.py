"""Quick plans and regrouping: the spreadsheet plan (greedy), and the local search over who
rides together (regroup, rides, recombine, estimates) that turns it into a good plan.

Imports the model, routing and the bound's pattern space; never the master, explaining or
re-planning.
"""
