"""Pins and least-change re-planning: pins as invariants of the search (pinning, pin_index),
pins that cannot all hold (pin_conflicts), the first plan of a re-plan (starts), the disruption
penalty against a published plan (disruption) and what changed between two plans (plan_diff).
"""
