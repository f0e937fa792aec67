# The otel-rum processor and synthetic runner, built from this workspace. `docker compose build`
# builds both; alone, `docker build -t otel-rum-processor .` (the default, last stage) runs with
# `--config /etc/otel-rum/processor.yaml`, and `docker build --target synthetic -t otel-rum-synthetic .`
# with `start --config /etc/otel-rum/synthetic.yaml`.
# Stages: build (compiles both with the dev toolchain), <name>-deps (that image's production modules
# only), <name> (the runtime: no compiler, no npm cache, non-root).

ARG NODE_IMAGE=node:20.20.2-bookworm-slim

FROM ${NODE_IMAGE} AS manifests
WORKDIR /src
# Every workspace manifest, so npm sees the same workspace tree as the lockfile; sources come later,
# so the dependency layers are rebuilt only when a manifest or the lockfile changes.
COPY package.json package-lock.json tsconfig.base.json ./
COPY packages/semconv/package.json packages/semconv/
COPY packages/web/package.json packages/web/
COPY packages/node/package.json packages/node/
COPY packages/processor/package.json packages/processor/
COPY packages/synthetic/package.json packages/synthetic/
COPY grafana/package.json grafana/
COPY demo/package.json demo/
COPY bench/package.json bench/

FROM manifests AS build
# `npm install` rather than `npm ci`: the lockfile may lack other platforms' optional packages.
RUN npm install --no-audit --no-fund --workspace @otel-rum/semconv --workspace @otel-rum/processor --workspace @otel-rum/synthetic --include-workspace-root
COPY packages/semconv packages/semconv
COPY packages/processor packages/processor
COPY packages/synthetic packages/synthetic
RUN npm run build --workspace @otel-rum/semconv --workspace @otel-rum/processor --workspace @otel-rum/synthetic

# --- the synthetic runner ------------------------------------------------------------------------

FROM manifests AS synthetic-deps
RUN npm install --no-audit --no-fund --omit=dev --workspace @otel-rum/synthetic && npm cache clean --force

FROM ${NODE_IMAGE} AS synthetic
# Browser and clickpath monitors drive Debian's Chromium through playwright-core, which downloads no
# browser of its own; the config's browser.executablePath points here (/usr/bin/chromium).
RUN apt-get update \
 && apt-get install -y --no-install-recommends chromium \
 && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production
WORKDIR /app
COPY --from=synthetic-deps /src/node_modules node_modules
# node_modules/@otel-rum/* are workspace links to these folders.
COPY --from=build /src/packages/semconv/package.json packages/semconv/
COPY --from=build /src/packages/semconv/dist packages/semconv/dist
COPY --from=build /src/packages/synthetic/package.json packages/synthetic/
COPY --from=build /src/packages/synthetic/dist packages/synthetic/dist
RUN mkdir -p /etc/otel-rum
USER node
# The HTTP API: /metrics, /healthz, /monitors, /problems (collector-config/otel-rum-synthetic.yaml).
EXPOSE 9466
HEALTHCHECK --interval=10s --timeout=3s CMD ["node", "-e", "fetch('http://127.0.0.1:9466/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "/app/packages/synthetic/dist/cli.js"]
CMD ["start", "--config", "/etc/otel-rum/synthetic.yaml"]

# --- the processor: last, so a plain `docker build` still builds it ------------------------------

FROM manifests AS processor-deps
RUN npm install --no-audit --no-fund --omit=dev --workspace @otel-rum/processor && npm cache clean --force

FROM ${NODE_IMAGE} AS processor
ENV NODE_ENV=production
WORKDIR /app
COPY --from=processor-deps /src/node_modules node_modules
# node_modules/@otel-rum/* are workspace links to these folders.
COPY --from=build /src/packages/semconv/package.json packages/semconv/
COPY --from=build /src/packages/semconv/dist packages/semconv/dist
COPY --from=build /src/packages/processor/package.json packages/processor/
COPY --from=build /src/packages/processor/dist packages/processor/dist
# Open sessions are saved here on SIGTERM (a volume in docker-compose.yml); owned by the runtime user.
RUN mkdir -p /var/lib/otel-rum /etc/otel-rum && chown node:node /var/lib/otel-rum
USER node
# OTLP/HTTP + /metrics + /healthz, and OTLP/gRPC (collector-config/otel-rum-processor.yaml).
EXPOSE 4318 4317
HEALTHCHECK --interval=10s --timeout=3s CMD ["node", "-e", "fetch('http://127.0.0.1:4318/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "/app/packages/processor/dist/cli.js"]
CMD ["--config", "/etc/otel-rum/processor.yaml"]
