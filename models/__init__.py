"""State in SQLModel tables: what was planned, submitted, sent and audited.

`tables` holds the tables, `db` the engine, `store` writes a computed plan, `queries` the
reads shared by the CLI and flows. Every table carries `municipality_id`, so one
installation can hold all of Sweden's municipalities and no query forgets whose data it is.
"""
