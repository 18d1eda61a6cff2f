# One image for every orderflow app; docker-compose.yml picks the entry point per service.
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
ENV NODE_ENV=production
CMD ["node", "-r", "@swc-node/register", "apps/query-service/src/main.ts"]
