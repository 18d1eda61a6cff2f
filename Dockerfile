# One image for every orderflow app; docker-compose.yml picks the entry point per service.
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# Services run compiled JavaScript (dist/), not TypeScript through a register hook.
RUN node scripts/build.js
ENV NODE_ENV=production
CMD ["node", "--enable-source-maps", "dist/apps/query-service/src/main.js"]
