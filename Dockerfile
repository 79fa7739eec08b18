# syntax=docker/dockerfile:1
# Base image pinned by digest: the python:3.11.16-slim-trixie index as published on 2026-08-25.
# Move it on with `docker buildx imagetools inspect python:3.11-slim-trixie`.
ARG PYTHON_IMAGE=python:3.11.16-slim-trixie@sha256:be1575ed968de893bd54f4c56315ff7c4736ce522c1bca08fd521731aafc0d76

# Build stage: the locked runtime requirements (with hashes) and the wheel, in /dist.
FROM ${PYTHON_IMAGE} AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
WORKDIR /src
COPY pyproject.toml uv.lock README.md ./
# uv at the version uv.lock itself pins; --locked fails when uv.lock is behind pyproject.toml.
RUN pip install --no-deps "uv==$(python -c 'import tomllib; print(next(p["version"] for p in \
        tomllib.load(open("uv.lock", "rb"))["package"] if p["name"] == "uv"))')" \
    && mkdir /dist \
    && uv export -q --locked --no-emit-project -o /dist/requirements.txt
COPY app ./app
COPY schemas ./schemas
COPY migrations ./migrations
# The werkplek's NL Design System styles and Swagger UI, built by scripts/assets before
# `docker build` (the image fetches nothing from npm); ignored by git, so named on their own.
COPY app/web/static/vendor ./app/web/static/vendor
# Schemas, migrations and the built assets travel inside the wheel.
RUN pip wheel -q --no-deps --wheel-dir /dist .

# Run stage: exactly the locked runtime set plus the wheel, as an unprivileged user.
FROM ${PYTHON_IMAGE}
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1
COPY --from=build /dist /tmp/dist
RUN pip install -q --require-hashes --no-deps -r /tmp/dist/requirements.txt \
    && pip install -q --no-deps /tmp/dist/*.whl \
    && pip check \
    && rm -r /tmp/dist \
    && useradd --create-home --uid 10001 ijw \
    && install -d -o ijw -g ijw /var/lib/ijw
# The embedded database lives in a volume; a new named volume takes the folder's owner (ijw).
ENV IJW_DATABASE_URL=sqlite:////var/lib/ijw/ijw.db \
    IJW_PORT=8000
VOLUME ["/var/lib/ijw"]
USER ijw
WORKDIR /home/ijw
EXPOSE ${IJW_PORT}
# `ijw serve` and the health check both read IJW_PORT: `docker run -e IJW_PORT=9000` moves both.
HEALTHCHECK --interval=30s --timeout=3s --start-period=15s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/health/live' % os.environ['IJW_PORT'], timeout=2)"]
ENTRYPOINT ["ijw"]
CMD ["serve", "--host", "0.0.0.0"]
