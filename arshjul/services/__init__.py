"""Services: one module per capability, shared by the CLI, the flows and the web.

Each takes a `Context` (database, settings, actor, clock, language) and plain input, checks
permission through `access.authorise`, and calls the pure core for every rule.
"""
