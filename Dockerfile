# Builds the Spacetime plugin (frontend + linux backend for the build platform's architecture) into /plugin.
# docker-compose.yaml copies it into the volume Grafana loads plugins from.
FROM node:20-bookworm AS deps
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

FROM deps AS frontend
COPY . .
RUN npm run build

# The demo's outage scenario (tools/scenario): generated when the stack starts, so it ends "now".
FROM deps AS scenario
COPY tools/scenario ./tools/scenario
ENV SCENARIO_SEED=20261122
CMD ["sh", "-c", "exec node_modules/.bin/tsx tools/scenario/cli.ts --seed \"$SCENARIO_SEED\" --hours \"${SCENARIO_HOURS:-72}\" --out /scenario/scenario.json"]

FROM golang:1.26-bookworm AS backend
ARG TARGETARCH
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY pkg ./pkg
RUN CGO_ENABLED=0 GOOS=linux GOARCH=${TARGETARCH:-amd64} go build -ldflags "-w -s" \
      -o /out/gpx_spacetime_tickets_linux_${TARGETARCH:-amd64} ./pkg

FROM busybox:1.37 AS plugin
COPY --from=frontend /src/dist /plugin
COPY --from=backend /out/ /plugin/datasource/
CMD ["sh", "-c", "rm -rf /plugins/spacetime-tickets-app && cp -r /plugin /plugins/spacetime-tickets-app && echo plugin installed"]

# The demo's operation logs (pkg/logengine/chaingen): chains up to now, payment.authorize slow during the
# scenario's outage (its last 40 minutes) and client-noisy with 10x the chains, written into ClickHouse.
FROM backend AS chaingen
RUN CGO_ENABLED=0 go build -o /usr/local/bin/chaingen ./pkg/logengine/cmd/chaingen
CMD ["sh", "-c", "exec chaingen -chains \"$CHAINGEN_CHAINS\" -hours 2 -slow-minutes 40 -truncate=true"]
