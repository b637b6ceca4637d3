# Builds the Spacetime plugin (frontend + linux backend for the build platform's architecture) into /plugin.
# docker-compose.yaml copies it into the volume Grafana loads plugins from.
FROM node:20-bookworm AS frontend
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

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
