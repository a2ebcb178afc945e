#!/usr/bin/env bash
# Builds the service image without a Docker engine: buildah, chroot isolation, vfs storage.
# Where no registry with Node images is reachable, it first makes a local base image from
# Debian (debootstrap) plus this machine's Node and npm, and builds FROM that.
#
#   scripts/build-image.sh [tag]      default tag: localhost/career-facts-api:dev
#
# Exits 3 when buildah or debootstrap is missing (tests skip on that). Needs root.
set -euo pipefail
cd "$(dirname "$0")/.."

TAG=${1:-localhost/career-facts-api:dev}
NODE_MAJOR=$(node -p 'process.versions.node.split(".")[0]')
BASE=${NODE_IMAGE:-localhost/career-facts-node:${NODE_MAJOR}}

for tool in buildah debootstrap; do
  command -v "$tool" >/dev/null || { echo "build-image: $tool is not installed" >&2; exit 3; }
done
b() { buildah --storage-driver vfs "$@"; }

if ! b inspect --type image "$BASE" >/dev/null 2>&1; then
  echo "== making the base image $BASE (Debian bookworm + Node $(node --version))"
  rootfs=$(mktemp -d)
  trap 'rm -rf "$rootfs"' EXIT
  debootstrap --variant=minbase --include=ca-certificates,libstdc++6 bookworm "$rootfs" \
    "${DEBIAN_MIRROR:-http://deb.debian.org/debian}" >/dev/null
  cp "$(command -v node)" "$rootfs/usr/local/bin/node"
  mkdir -p "$rootfs/usr/local/lib/node_modules"
  cp -a "$(npm root -g)/npm" "$rootfs/usr/local/lib/node_modules/npm"
  ln -s ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
  ln -s ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"
  # The official Node images have this user; the Dockerfile runs as its uid.
  chroot "$rootfs" groupadd --gid 1000 node
  chroot "$rootfs" useradd --uid 1000 --gid node --shell /bin/sh --create-home node
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
  ctr=$(b from scratch)
  mnt=$(b mount "$ctr")
  cp -a "$rootfs/." "$mnt/"
  b umount "$ctr" >/dev/null
  b config --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin --cmd node "$ctr"
  b commit --rm --quiet "$ctr" "$BASE" >/dev/null
fi

# Behind a TLS-intercepting proxy npm needs the proxy's CA: mount the file this machine
# trusts into the build steps only.
ca_args=()
if [ -n "${NODE_EXTRA_CA_CERTS:-}" ] && [ -f "$NODE_EXTRA_CA_CERTS" ]; then
  ca_args=(--volume "$NODE_EXTRA_CA_CERTS:/run/build-ca.crt:ro" --build-arg NODE_EXTRA_CA_CERTS=/run/build-ca.crt)
fi

echo "== building $TAG from $BASE"
# Docker format keeps HEALTHCHECK (OCI image configs have no field for it). No --layers: vfs
# keeps every layer as a full copy of the file system, so caching each step costs a copy per
# step and a long clean-up of the intermediate containers (over ten minutes here), more than
# the cached npm ci saves; without it each stage is one container and one commit.
b build --isolation chroot --format docker --layers=false "${ca_args[@]}" --build-arg NODE_IMAGE="$BASE" -t "$TAG" .
