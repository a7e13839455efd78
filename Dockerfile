# One image for every part of Charla; docker-compose.yml picks the part with `command`.
FROM node:20-bookworm-slim AS build
WORKDIR /charla
# better-sqlite3 compiles from source when no prebuilt binary matches.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
COPY proto/package.json proto/
COPY platform/package.json platform/
COPY users-service/package.json users-service/
COPY messages-service/package.json messages-service/
COPY api-gateway/package.json api-gateway/
COPY client/package.json client/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build -w client

FROM node:20-bookworm-slim
WORKDIR /charla
ENV NODE_ENV=production HOST=0.0.0.0
COPY --from=build /charla /charla
USER node
CMD ["npm", "start"]
