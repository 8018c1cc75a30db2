# wa-gateway: the whole gateway (edge in workerd, session host, embedded or external libSQL and S3)
# in one image. Build:   docker build -t wa-gateway .
# Without a registry:    scripts/docker-base.sh && docker build --network host \
#                          --build-arg BASE_IMAGE=wa-gateway-base:trixie -t wa-gateway .
# Any Debian-based image with Node 20+ and npm works as the base.
ARG BASE_IMAGE=node:20-trixie-slim

# --- build: the full install bundles the edge (wrangler, esbuild) into dist/edge ---
FROM ${BASE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

# --- runtime: a production install (no devDependencies) plus the bundle built above ---
FROM ${BASE_IMAGE} AS runtime
WORKDIR /app
ENV NODE_ENV=production \
    DATA_DIR=/data \
    BIND=0.0.0.0 \
    PORT=3000 \
    WRANGLER_SEND_METRICS=false
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
# What `npm start` runs, and nothing else (e2e/production-install.test.ts copies these same paths).
COPY --from=build /app/dist ./dist
COPY edge ./edge
COPY shared ./shared
COPY session-host ./session-host
COPY migrations ./migrations
COPY scripts ./scripts
COPY tsconfig.json wrangler.toml ./
# A user of its own; the database, media and secrets live on the volume, owned by it.
RUN useradd --system --uid 10001 --home-dir /data --shell /usr/sbin/nologin wagateway \
 && mkdir -p /data && chown wagateway /data && chmod 0700 /data
USER wagateway
VOLUME ["/data"]
EXPOSE 3000
# Until the edge has a public /health: the anonymous session list, which needs the edge, the host
# and the database to answer.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/v1/sessions').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# `npm start` without npm in between, so SIGTERM reaches the gateway, which stops its processes.
CMD ["node", "--import", "tsx", "scripts/start.ts"]
