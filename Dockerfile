# One image for every Agora process. SERVICE_DIR picks the package to run (a subgraph under
# subgraphs/, or gateway); schema/subgraphs.json lists them.
FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json turbo.json tsconfig.base.json ./
COPY prisma/package.json prisma/
COPY packages/events/package.json packages/events/
COPY packages/messaging/package.json packages/messaging/
COPY packages/service-kit/package.json packages/service-kit/
COPY packages/testing/package.json packages/testing/
COPY packages/devstack/package.json packages/devstack/
COPY subgraphs/identity/package.json subgraphs/identity/
COPY subgraphs/profiles/package.json subgraphs/profiles/
COPY subgraphs/posts/package.json subgraphs/posts/
COPY subgraphs/social/package.json subgraphs/social/
COPY subgraphs/comments/package.json subgraphs/comments/
COPY subgraphs/reactions/package.json subgraphs/reactions/
COPY subgraphs/notifications/package.json subgraphs/notifications/
COPY subgraphs/feed/package.json subgraphs/feed/
COPY subgraphs/media/package.json subgraphs/media/
COPY subgraphs/realtime/package.json subgraphs/realtime/
COPY subgraphs/moderation/package.json subgraphs/moderation/
COPY packages/context-runtime/package.json packages/context-runtime/
COPY packages/kernel/package.json packages/kernel/
COPY packages/guards/package.json packages/guards/
COPY packages/schema-check/package.json packages/schema-check/
COPY packages/audience/package.json packages/audience/
COPY packages/mail/package.json packages/mail/
COPY packages/chaos/package.json packages/chaos/
COPY gateway/package.json gateway/
RUN npm ci --no-audit --no-fund

FROM deps AS build
COPY . .
RUN npx turbo run db:generate codegen --output-logs=errors-only

FROM node:20-bookworm-slim AS runtime
ARG SERVICE_DIR
ENV NODE_ENV=production HOST=0.0.0.0 SERVICE_DIR=${SERVICE_DIR}
WORKDIR /app
COPY --from=build /app /app
USER node
WORKDIR /app/${SERVICE_DIR}
CMD ["node", "--import", "tsx", "src/main.ts"]
