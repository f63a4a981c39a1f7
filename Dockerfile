# syntax=docker/dockerfile:1
#
# Spool in one image: `spool serve` (all in one), `spool gateway` and `spool worker --stage …` all
# run from it; docker-compose.yml and deploy/k8s/ pick the role with the command.
#
#   docker build -t spool:latest .
#   docker run -p 3000:3000 -v spool-data:/app/data -v spool-media:/app/media spool:latest
#
# Stage 1 builds a release binary with the Swift runtime linked in; stage 2 is Debian slim with the
# media tools (ffmpeg, espeak-ng, yt-dlp in a Python venv) and nothing of the toolchain.

ARG SWIFT_IMAGE=swift:6.3-bookworm
ARG RUNTIME_IMAGE=debian:bookworm-slim

# ---- build --------------------------------------------------------------------------------------
FROM ${SWIFT_IMAGE} AS build
# Debian's versions move with the base image; pinning them would only break rebuilds.
# hadolint ignore=DL3008
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends libsqlite3-dev zlib1g-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src

# Dependencies first: this layer is reused until the manifest (or Package.resolved, when present) changes.
COPY Package.* ./
RUN swift package resolve

COPY Sources ./Sources
# One section per function: the link lays out start-up code side by side (Sources/spool/spool.order).
RUN swift build -c release --static-swift-stdlib --product spool -Xswiftc -Xfrontend -Xswiftc -function-sections \
    && mkdir -p /staging \
    && BIN="$(swift build -c release --static-swift-stdlib -Xswiftc -Xfrontend -Xswiftc -function-sections --show-bin-path)" \
    # One file: the web UI, the OpenAPI document and the yt-dlp helper are embedded in it.
    && cp "$BIN/spool" /staging/spool \
    && strip /staging/spool

# ---- runtime ------------------------------------------------------------------------------------
FROM ${RUNTIME_IMAGE} AS runtime
# hadolint ignore=DL3008
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        ffmpeg espeak-ng python3 python3-venv ca-certificates curl tini tzdata \
        libsqlite3-0 libstdc++6 zlib1g \
    && rm -rf /var/lib/apt/lists/*

# yt-dlp from PyPI in its own venv (Debian's package is too old for most sites).
ARG YTDLP_SPEC="yt-dlp>=2026.10.26"
RUN python3 -m venv /opt/venv \
    && /opt/venv/bin/pip install --no-cache-dir --upgrade pip \
    && /opt/venv/bin/pip install --no-cache-dir "${YTDLP_SPEC}"

COPY --from=build /staging/ /opt/spool/

RUN groupadd --system --gid 10001 spool \
    && useradd --system --uid 10001 --gid spool --home-dir /app --shell /usr/sbin/nologin spool \
    && mkdir -p /app/data /app/media \
    && chown -R spool:spool /app

# Defaults follow the original design's container layout (seed 000); override them at run time.
ENV PATH=/opt/spool:/opt/venv/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    HOST=0.0.0.0 \
    PORT=3000 \
    DB_PATH=/app/data/spool.sqlite \
    MEDIA_ROOT=/app/media \
    YTDLP_PATH=/opt/venv/bin/yt-dlp \
    YTDLP_PYTHON=/opt/venv/bin/python

USER 10001:10001
WORKDIR /app
VOLUME ["/app/data", "/app/media"]
EXPOSE 3000

# Workers (HEALTH_PORT set) answer GET /health; the gateway and `serve` answer GET /healthz on PORT.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["sh", "-c", "if [ -n \"$HEALTH_PORT\" ]; then curl -fsS -o /dev/null \"http://127.0.0.1:${HEALTH_PORT}/health\"; else curl -fsS -o /dev/null \"http://127.0.0.1:${PORT}/healthz\"; fi || exit 1"]

# tini reaps the grandchildren of killed yt-dlp/ffmpeg runs and passes SIGTERM on to spool, which
# drains in-flight work within SHUTDOWN_TIMEOUT.
ENTRYPOINT ["/usr/bin/tini", "--", "spool"]
CMD ["serve"]
