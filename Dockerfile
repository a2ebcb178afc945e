# Career Facts API image. Build stage compiles TypeScript; the runtime stage holds only the
# compiled JavaScript and production dependencies, and runs as a non-root user.
# NODE_IMAGE: a slim image of a maintained Node LTS; scripts/build-image.sh overrides it
# with a locally made base where no registry is reachable.
ARG NODE_IMAGE=node:24-bookworm-slim

FROM ${NODE_IMAGE} AS build
# Set only for builds behind a TLS-intercepting proxy, to a CA file mounted into the build;
# an ARG, so it never reaches the image's configuration.
ARG NODE_EXTRA_CA_CERTS
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json tsconfig.migrations.json ./
COPY src ./src
COPY migrations ./migrations
RUN npm run build

FROM ${NODE_IMAGE} AS runtime
ARG NODE_EXTRA_CA_CERTS
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
# Nothing at run time needs an install script.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
# The bundled national dataset, loaded into an empty database at first start.
COPY dataset ./dataset
# A folder the app may write to, for PGLITE_DIR=/data when no DATABASE_URL is given.
RUN mkdir /data && chown 1000:1000 /data

# Configuration comes only from the environment (README, "Configuration"). In a container
# the service listens on every interface.
ENV HOST=0.0.0.0 \
    PORT=3000
# Memory under load (README, "Deploying", Memory): one malloc arena instead of one per
# thread, so what the compression threads free is reused rather than kept per thread, and an
# 8 MB young generation (V8's default is 16 MB). The benchmark runs every server with these.
ENV MALLOC_ARENA_MAX=1 \
    NODE_OPTIONS=--max-semi-space-size=8
EXPOSE 3000

# uid 1000 is the image's `node` user; numeric so orchestrators can verify runAsNonRoot.
USER 1000:1000

# Liveness only: /healthz answers without touching the database. Use /readyz for traffic.
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

# Migrations run at start (MIGRATE_ON_START=true). To run them as a job instead:
#   node dist/cli.js migrate   with MIGRATE_ON_START=false on the service.
# The server handles SIGTERM itself (graceful, bounded by SHUTDOWN_TIMEOUT), so node is PID 1.
STOPSIGNAL SIGTERM
CMD ["node", "dist/server.js"]
