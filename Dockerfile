# syntax=docker/dockerfile:1
# cvimprover: the API image (the worker runs the same image with `cvimprover worker`).
#   docker build -t cvimprover .
#   docker run --rm -v cvimprover-data:/var/lib/cvimprover cvimprover cvimprover migrate
#   docker run -p 8000:8000 -v cvimprover-data:/var/lib/cvimprover cvimprover
# (the default command does not migrate; docker-compose.yml runs `cvimprover migrate` first)

# ---- build: the locked dependencies and the package, into /app/.venv ----
FROM python:3.11-slim-bookworm AS build

ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never \
    UV_PYTHON=/usr/local/bin/python3.11 \
    UV_PROJECT_ENVIRONMENT=/app/.venv

RUN pip install --no-cache-dir uv==0.13.9

WORKDIR /app

# Dependencies first: this layer is rebuilt only when the lock file changes.
COPY pyproject.toml uv.lock README.md ./
RUN uv sync --frozen --no-dev --no-editable --no-install-project

# Then the package itself, installed as a wheel (no source tree needed at runtime).
COPY cvimprover ./cvimprover
RUN uv sync --frozen --no-dev --no-editable

# ---- runtime: Python, WeasyPrint's libraries and fonts, the venv, a non-root user ----
FROM python:3.11-slim-bookworm AS runtime

# Versions come from the base image's Debian release and its security updates; pinning
# exact Debian revisions would break the build at every point release. The fonts are the
# ones the PDF templates name (scripts/system_packages.sh installs the same list).
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 \
        libpangoft2-1.0-0 \
        libharfbuzz0b \
        libharfbuzz-subset0 \
        libfontconfig1 \
        fonts-dejavu-core \
        fonts-liberation \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system --gid 10001 cvimprover \
    && useradd --system --no-log-init --uid 10001 --gid cvimprover \
        --home-dir /var/lib/cvimprover --shell /usr/sbin/nologin cvimprover \
    && install -d -o cvimprover -g cvimprover -m 0750 /var/lib/cvimprover

COPY --from=build /app/.venv /app/.venv

# gunicorn's settings come from cvimprover's (cvimprover/gunicorn_conf.py): WEB_CONCURRENCY
# (default: one worker per CPU the container may use), WEB_THREADS, WEB_TIMEOUT_SECONDS...
ENV PATH="/app/.venv/bin:${PATH}" \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DATA_DIR=/var/lib/cvimprover \
    HOST=0.0.0.0 \
    PORT=8000

# glibc keeps a malloc arena per thread and, past its dynamic threshold, keeps argon2id's
# 19 MiB per password hash: a fixed mmap threshold returns the buffer after each hash
# (the same tuning `cvimprover serve` applies to itself).
ENV MALLOC_ARENA_MAX=2 \
    MALLOC_MMAP_THRESHOLD_=4194304

WORKDIR /app
USER 10001:10001

EXPOSE 8000

# Readiness: the database answers and its schema is at this image's revision. urllib raises
# on any non-2xx answer (503), so the exit status is the health; no curl in the image.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen(f\"http://127.0.0.1:{os.environ.get('PORT', '8000')}/core/health/ready/\", timeout=4)"]

# The same server `cvimprover serve` runs (without its migrations and job workers: compose
# runs those as services of their own). gunicorn is PID 1 and gets SIGTERM: it stops
# gracefully within WEB_GRACEFUL_TIMEOUT_SECONDS.
CMD ["gunicorn", "-c", "python:cvimprover.gunicorn_conf"]
