# syntax=docker/dockerfile:1
# The VAWG dashboard as a container: one Streamlit worker over a read-only store that is built
# here, at image build, from a folder of published extracts. The orchestrator runs as many
# containers as the traffic needs (deploy/k8s/); docs/DEPLOY.md says how to build, run and size it.
#
#   docker build -t vawg-dashboard:sample .                                   # the bundled sample
#   docker build --build-arg SOURCE=data/build/release -t vawg-dashboard:2026-11 .
#   docker run --rm -p 8501:8501 -e STREAMLIT_SERVER_COOKIE_SECRET="$SECRET" vawg-dashboard:2026-11
#
# The base is pinned by exact tag and by the digest of its multi-platform index, as recorded for
# python:3.11.16-slim-bookworm by docker-library/repo-info (image built 2026-09-01). A rebuilt
# upstream image changes the digest: update both together, deliberately.

FROM python:3.11.16-slim-bookworm@sha256:c425d915a89a6dcd3183b1797ad9bd8878caff5a417f6371c8df93c8ea8b727f AS runtime

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# Debian's chromium, for the print-ready chart images (PNG, SVG, press packs): plotly's kaleido
# drives it on the server when a visitor clicks a download. No browser is downloaded at run time.
RUN apt-get update \
    && apt-get install -y --no-install-recommends chromium \
    && rm -rf /var/lib/apt/lists/*
ENV BROWSER_PATH=/usr/bin/chromium

# Packages first, so a code or data change does not reinstall them.
COPY requirements.txt ./
RUN pip install --no-cache-dir -r requirements.txt

COPY .streamlit/ .streamlit/
COPY dashboard/ dashboard/
# The startup probe's warm-up (python -m serve.warm, deploy/k8s/deployment.yaml) and the Streamlit
# protocol client it shares with the load benchmark.
COPY serve/ serve/
COPY benchmarks/__init__.py benchmarks/__init__.py
COPY benchmarks/load/__init__.py benchmarks/load/protocol.py benchmarks/load/frames.py benchmarks/load/message_cache.py benchmarks/load/views.py benchmarks/load/
COPY queries/ queries/
COPY data/reference/ data/reference/
# Bytecode is written now: at run time the root filesystem is read-only.
RUN python -m compileall -q dashboard serve benchmarks


# The store is built in a stage of its own, so the raw extracts never reach the final image.
FROM runtime AS store

# A folder inside the build context; every file in it that ingest recognises is read.
ARG SOURCE=data/sample

# The sample manifest marks bundled sample files as sample even when SOURCE is one sub-folder of it.
COPY data/sample/SAMPLE.json data/sample/SAMPLE.json
# Same relative path as in the project, so the store records the same file paths as a local ingest.
COPY ${SOURCE} ${SOURCE}
RUN python -m dashboard ingest --source "${SOURCE}" --store /store/vawg.duckdb


FROM runtime

# The store belongs to root, is read-only (0444) and lives in a directory the app user cannot
# write to (0555): workers open it read-only, and nothing at run time can change what is published.
COPY --from=store /store/vawg.duckdb /srv/vawg/vawg.duckdb
RUN chown -R root:root /srv/vawg \
    && chmod 0444 /srv/vawg/vawg.duckdb \
    && chmod 0555 /srv/vawg \
    && groupadd --system --gid 10001 vawg \
    && useradd --system --uid 10001 --gid vawg --no-create-home --home-dir /tmp --shell /usr/sbin/nologin vawg

# HOME is /tmp: the only writable place once Kubernetes mounts the root filesystem read-only.
# The cookie secret is not set here: it comes from the environment (a Kubernetes Secret), the same
# value on every replica, so cookies signed by one replica verify on the others.
ENV VAWG_STORE=/srv/vawg/vawg.duckdb \
    HOME=/tmp

# Numeric, so Kubernetes can check runAsNonRoot without reading /etc/passwd.
USER 10001:10001

EXPOSE 8501

# python's urllib, because the slim image has no curl; urlopen raises on any non-2xx answer.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4)"]

# One worker per container, on every interface of the container, headless. Settings that are not
# deployment-specific (no file watcher, no usage statistics, theme) come from .streamlit/config.toml.
CMD ["python", "-m", "streamlit", "run", "dashboard/app.py", "--server.address=0.0.0.0", "--server.port=8501", "--server.headless=true"]
