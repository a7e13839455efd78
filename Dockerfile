# One image for every part of Charla, running the built JavaScript with plain node: no tsx, no
# dev dependencies. docker-compose.yml picks the part with `command`; with none it runs all
# three under the supervisor (SQLite in /data unless DATABASE_URL is set).
# scripts/test/production-build.test.ts runs these build steps on a copy of the tree and starts the result.
FROM node:20-bookworm-slim AS build
WORKDIR /charla
# better-sqlite3 and sharp build from source when no prebuilt binary matches.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
COPY proto/package.json proto/
COPY platform/package.json platform/
COPY users-service/package.json users-service/
COPY messages-service/package.json messages-service/
COPY api-gateway/package.json api-gateway/
COPY client/package.json client/
COPY stack/package.json stack/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build
RUN npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
WORKDIR /charla
# The workspaces' built entry points (dist/) instead of their TypeScript.
ENV NODE_ENV=production HOST=0.0.0.0 DATA_DIR=/data NODE_OPTIONS=--conditions=charla-dist
# The code stays root's and read-only to the server; only /data is its to write.
COPY --from=build /charla /charla
RUN mkdir /data && chown node:node /data
VOLUME /data
USER node
EXPOSE 4000 8081 8082 50051 50052
CMD ["node", "cli/supervisor.mjs"]
