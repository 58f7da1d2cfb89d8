"""The upper bound: column generation over patterns (bus type, course, group) with an exact
knapsack pricing (pricing, patterns, generation), run in a child process beside the search
(background), and the capacity bound for days too large to enumerate (capacity).

Imports the problem model only; never the search or the checker.
"""
