"""`arshjul web`: the web application under uvicorn."""

from __future__ import annotations

from typing import Annotated

import typer

from arshjul.cli.common import app, context, say, warn_mail_setup
from arshjul.texts import label


@app.command()
def web(
    tctx: typer.Context,
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port.")] = 8000,
    workers: Annotated[
        int,
        typer.Option("--workers", min=1, max=64, help="Processes (one per core serves the most)."),
    ] = 1,
) -> None:
    """Serve the web application (sign-in by e-mail link). Behind a reverse proxy with
    https (deploy/nginx), set ARSHJUL_WEB_SECURE=true, ARSHJUL_WEB_BASE_URL to the public
    address and ARSHJUL_WEB_TRUSTED_PROXIES to the proxy's address."""
    import uvicorn

    from arshjul.web.app import create_app
    from arshjul.web.connections import uvicorn_options

    ctx = context(tctx)
    try:
        options = uvicorn_options(ctx.settings, host, port)
    except ValueError as exc:
        say(label("web_bad_proxies", ctx.lang, detail=str(exc)), error=True, style="red")
        raise typer.Exit(2) from None
    ctx.database(create=True)
    warn_mail_setup(ctx)
    say(label("web_listening", ctx.lang, url=f"http://{host}:{port}"))
    if workers == 1:
        uvicorn.run(create_app(ctx), **options)
    else:  # each process builds its application from the same ARSHJUL_* environment
        uvicorn.run("arshjul.web.app:create_app", factory=True, workers=workers, **options)
