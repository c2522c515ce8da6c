# arshjul's image: the wheel, installed with constraints.txt's pins into a slim Python,
# run as a user without privileges, `arshjul` as the entrypoint. The compose file
# (deploy/docker-compose.yml) runs it as the web application, the Prefect server and a
# worker. Every step is deploy/container/steps.sh, which tests/e2e/test_wheel.py runs in a
# clean virtual environment; no Docker daemon runs on the development machines, so this
# file itself has not been built there (README, "Containers").
#
#   docker build -t arshjul .
#   docker run --rm arshjul --help

# Build the wheel from the checkout, with the build backend pyproject.toml pins.
FROM python:3.11-slim AS wheel
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
WORKDIR /src
COPY . /src
RUN sh deploy/container/steps.sh wheel /src /dist

# Install it, and nothing of the checkout, into a fresh slim Python.
FROM python:3.11-slim
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1 \
    PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    PATH=/opt/arshjul/venv/bin:$PATH \
    ARSHJUL_HOME=/var/lib/arshjul \
    ARSHJUL_FILES_DIR=/srv/arshjul/files \
    ARSHJUL_SIGNING_KEY=/var/lib/arshjul-keys/audit-signing.key \
    DO_NOT_TRACK=1 PREFECT_SERVER_ANALYTICS_ENABLED=false
COPY deploy/container/steps.sh /usr/local/lib/arshjul/steps.sh
COPY --from=wheel /dist /tmp/dist
RUN sh /usr/local/lib/arshjul/steps.sh install /tmp/dist /opt/arshjul/venv \
    && sh /usr/local/lib/arshjul/steps.sh check /opt/arshjul/venv \
    && rm -rf /tmp/dist \
    && useradd --system --uid 10001 --user-group --home-dir /var/lib/arshjul --create-home arshjul \
    && mkdir -p /srv/arshjul/files /srv/arshjul/cycles /var/lib/arshjul-keys \
    && chown arshjul:arshjul /srv/arshjul/files /var/lib/arshjul-keys \
    && chmod 0700 /var/lib/arshjul-keys
# prefect.yaml's entrypoints are module paths (arshjul.flows.…): the deployments run from
# the installed package, here or in any container of this image.
COPY prefect.yaml /opt/arshjul/prefect.yaml
WORKDIR /opt/arshjul
USER arshjul
EXPOSE 8000
ENTRYPOINT ["arshjul"]
CMD ["web", "--host", "0.0.0.0", "--port", "8000"]
