# isofleet container image for the Elastic Beanstalk "Docker running on 64bit Amazon Linux 2023"
# platform (docs/deploy.md). BuildKit (DOCKER_BUILDKIT=1, the default since Docker 23) builds only the
# stages a --target needs.
#
#   docker build --target test    -t isofleet-test .   # build stage + test packages; CMD runs swift test
#   docker build --target runtime -t isofleet .        # the image that is deployed (default target)
#
# Validated statically by scripts/check-deploy.sh (hadolint, and the runtime package list against what
# the binary links); the image itself is built by CodeBuild (buildspec.yml), never on the CI machine.

# Official Docker Hub images by default. CodeBuild can pass mirrors (e.g. the ECR Public copies of the
# official images) with --build-arg to avoid Docker Hub's anonymous pull limits.
ARG SWIFT_IMAGE=swift:6.3-bookworm
ARG RUNTIME_IMAGE=debian:bookworm-slim

# ---------------------------------------------------------------------------------------------------
# deps: the Swift toolchain plus the -dev packages the package compiles against (Package.swift,
# scripts/install-deps.sh build).
FROM ${SWIFT_IMAGE} AS deps
ARG BUILD_PACKAGES="pkg-config libtorrent-rasterbar-dev libcurl4-openssl-dev libsqlite3-dev libssl-dev libsmbclient-dev libnfs-dev"
# hadolint ignore=DL3008
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${BUILD_PACKAGES} \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# Manifest first, so the dependency fetch is its own layer and survives source-only changes.
COPY Package.swift ./
RUN swift package resolve
COPY . .

# ---------------------------------------------------------------------------------------------------
# test: everything `make test` needs. The tests start real servers and network namespaces, so the
# buildspec runs this image with `docker run --privileged` instead of testing inside `docker build`.
FROM deps AS test
RUN scripts/install-deps.sh test \
 && rm -rf /var/lib/apt/lists/*
RUN swift build --build-tests
CMD ["swift", "test", "--skip-build", "--parallel", "--xunit-output", "/reports/isofleet-tests.xml"]

# ---------------------------------------------------------------------------------------------------
# build: the release binary, with the Swift runtime linked statically (no Swift .so files at runtime).
FROM deps AS build
RUN swift build -c release --static-swift-stdlib --product isofleet \
 && install -D -m 0755 "$(swift build -c release --static-swift-stdlib --show-bin-path)/isofleet" /out/isofleet

# ---------------------------------------------------------------------------------------------------
# runtime: slim Debian with the shared libraries the binary links, and nothing else.
FROM ${RUNTIME_IMAGE} AS runtime
# RUNTIME_PACKAGES is checked by scripts/check-deploy.sh against `ldd` of a built binary: every library
# the binary links directly must come from a package named here.
#   libtorrent-rasterbar2.0  BitTorrent (Sources/Swarm)
#   libcurl4                 HTTP(S)/S3 fetcher (Sources/Fetch), the libcurl-openssl flavour
#   libsmbclient             SMB2/SMB3 sources and mirrors (Sources/Fetch/Remote)
#   libnfs13                 NFS sources and mirrors without a mount (Sources/Fetch/Remote)
#   libsqlite3-0             the node's database (Sources/ISOStore)
#   libssl3                  libcrypto for SHA-256 (Sources/Digest) and TLS
#   ca-certificates          TLS trust roots for https:// manifests and origins
#   curl                     the HEALTHCHECK below (tiny: libcurl4 is here anyway)
ARG RUNTIME_PACKAGES="libtorrent-rasterbar2.0 libcurl4 libsmbclient libnfs13 libsqlite3-0 libssl3 ca-certificates curl"
# libcap2-bin only lends `setcap` (purged right after): the binary gets cap_net_bind_service so the
# non-root node can listen on port 80 when deployed with host networking (deploy/eb/docker-compose.yml).
# hadolint ignore=DL3008
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${RUNTIME_PACKAGES} libcap2-bin \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 isofleet \
 && useradd --system --uid 10001 --gid isofleet --home-dir /var/lib/isofleet --shell /usr/sbin/nologin isofleet \
 && install -d -o isofleet -g isofleet -m 0750 /var/lib/isofleet

COPY --from=build /out/isofleet /usr/local/bin/isofleet
RUN setcap cap_net_bind_service=+ep /usr/local/bin/isofleet \
 && DEBIAN_FRONTEND=noninteractive apt-get purge -y --auto-remove libcap2-bin

ENV ISOFLEET_DATA_DIR=/var/lib/isofleet \
    ISOFLEET_WEB_LISTEN=0.0.0.0:8080 \
    ISOFLEET_SWARM_LISTEN=0.0.0.0:6881
VOLUME ["/var/lib/isofleet"]
EXPOSE 8080/tcp 6881/tcp
USER 10001:10001
WORKDIR /var/lib/isofleet

# The port follows ISOFLEET_WEB_LISTEN (8080 here, 80 in the Elastic Beanstalk bundle).
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["sh", "-c", "curl -fsS -o /dev/null \"http://127.0.0.1:${ISOFLEET_WEB_LISTEN##*:}/healthz\" || exit 1"]

# SIGTERM is the node's cue to checkpoint and exit (design §10); give it time (docker stop -t / compose).
STOPSIGNAL SIGTERM
ENTRYPOINT ["isofleet"]
CMD ["serve"]
