"""The web application: `arshjul web` (FastAPI under uvicorn, pages rendered on the server).

Pages are thin, like the CLI's commands: each builds the request's context from the
signed-in session (arshjul.services.web_sessions), calls the same services and goes
through the same `authorise`. Identity comes only from a session row, never from the
request. Every state-changing request carries the session's CSRF token."""
