"""Routes for a bus and its group: stop orders (labels, routes), their times under every rule
one bus sees (timing, with CP-SAT through sat), the booking sheet of facility and lunch-room use
across buses (sheet), and timed buses turned into a kengaku.plan/1 document (plan).

Imports the problem model only.
"""
