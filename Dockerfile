# syntax=docker/dockerfile:1
# Build stage: turn the source into a wheel (schemas and migrations travel inside it).
FROM python:3.11-slim AS build
WORKDIR /src
RUN pip install --no-cache-dir build
COPY pyproject.toml README.md ./
COPY app ./app
COPY schemas ./schemas
COPY migrations ./migrations
RUN python -m build --wheel --outdir /dist

# Run stage: the wheel and its dependencies only, as an unprivileged user.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1
COPY --from=build /dist/*.whl /tmp/
RUN pip install --no-cache-dir /tmp/*.whl && rm /tmp/*.whl \
    && useradd --create-home --uid 10001 ijw
USER ijw
WORKDIR /home/ijw
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s --start-period=15s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health/live', timeout=2)"]
ENTRYPOINT ["ijw"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8000"]
