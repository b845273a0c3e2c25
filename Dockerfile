# syntax=docker/dockerfile:1
# One image for every process: the API, the worker (roles set by WORKER_ROLES) and the CLI.

FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund

FROM deps AS build
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY apps ./apps
COPY libs ./libs
COPY bench ./bench
RUN npm run build && npm prune --omit=dev --ignore-scripts

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json ./package.json
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --chown=node:node demo ./demo
# `demo` writes its processes' logs to /app/.demo.
RUN install -d -o node -g node /app/.demo
USER node
EXPOSE 3000
CMD ["node", "dist/apps/api/src/main.js"]
