"""What ``benches/pages.py`` serves: Landa's own app with one trivial endpoint added.

``/_bench/hello`` goes through everything every request goes through (the app's hooks, the session
interface, the security headers, gunicorn) and touches no database: the floor a page is compared with.
Only the benchmark serves this module (``gunicorn benches.helpers.serve:app``); ``wsgi.py`` never has the route.
"""

from __future__ import annotations

from app import create_app
from app.auth.access import public

app = create_app()


@app.get("/_bench/hello")
@public
def bench_hello():
    return "hello", 200, {"Content-Type": "text/plain; charset=utf-8"}
