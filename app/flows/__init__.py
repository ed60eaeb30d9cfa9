"""Where the domains meet: the use cases that span more than one.

A household that moves its arrival date moves reception's case and follow-ups; a decision about consent
opens or closes cases; a hire opens a case; an account made for a newcomer gets a household; an officer's
account that is closed gives its cases back. Each domain's ``services`` decide and flush inside their own
domain and call only the domains below them (``docs/architecture.md``); these functions call the domains
in order, inside the request's one transaction (the caller commits, as for any use case). Views, the API,
jobs and the CLI call them; no domain imports ``app.flows`` (``lint-imports`` checks it in CI).
"""
