# One image for every orderflow app; docker-compose.yml picks the entry point per service.
# Node 24 is the active LTS. One argument, so that every stage moves to a new release together.
ARG NODE_IMAGE=node:24.22.3-trixie-slim

# Compiles the TypeScript to dist/, which needs the devDependencies (@swc/core): only dist/ leaves this stage.
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY apps/cli/package.json apps/cli/
RUN npm ci --no-audit --no-fund
COPY tsconfig.base.json ./
COPY scripts/build.js scripts/build-console.js scripts/
COPY apps apps
COPY libs libs
COPY tools/db tools/db
COPY tools/kafka tools/kafka
RUN node scripts/build.js && node scripts/build-console.js

# The production dependencies alone; the CLI's bin, so that npm links `orderflow` into node_modules/.bin.
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY apps/cli/package.json apps/cli/
COPY apps/cli/bin apps/cli/bin
RUN npm ci --omit=dev --no-audit --no-fund

FROM ${NODE_IMAGE}
# PORT: whichever app runs listens there, and the healthcheck asks there; compose gives each its own.
ENV NODE_ENV=production PORT=3000
WORKDIR /app
COPY --from=deps /app/package.json ./
COPY --from=deps /app/node_modules node_modules
COPY --from=deps /app/apps/cli apps/cli
COPY --from=build /app/dist dist
COPY scripts/healthcheck.js scripts/
# The setup job keeps the demo keys it issued in .data/secrets; the code stays root's, read-only to the app.
RUN mkdir .data && chown node:node .data
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=10s --start-period=60s --retries=3 CMD ["node", "scripts/healthcheck.js"]
CMD ["node", "--enable-source-maps", "dist/apps/query-service/src/main.js"]
