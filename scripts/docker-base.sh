#!/usr/bin/env bash
# Builds the image the Dockerfile's stages start FROM without any image registry: a minimal Debian
# trixie root filesystem (its nodejs is 20.19) made by debootstrap and imported into Docker.
#   sudo scripts/docker-base.sh [tag]          (default tag: wa-gateway-base:trixie)
#   docker build --network host --build-arg BASE_IMAGE=wa-gateway-base:trixie -t wa-gateway .
# Where Docker Hub is reachable, skip this: the Dockerfile's default base is node:20-trixie-slim.
set -euo pipefail
tag="${1:-wa-gateway-base:trixie}"
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
rootfs="$(mktemp -d /tmp/wa-gateway-rootfs.XXXXXX)"
trap 'rm -rf "$rootfs"' EXIT

debootstrap --variant=minbase trixie "$rootfs" "$mirror"
# nodejs and npm for both stages; passwd for the runtime user; ca-certificates for WhatsApp,
# webhooks and S3 over TLS. apt inside the new system resolves their dependencies (debootstrap's
# own --include does not configure npm's).
chroot "$rootfs" apt-get install -y --no-install-recommends nodejs npm ca-certificates passwd
# CAs this machine added locally (a TLS-inspecting proxy's, say) are trusted inside too, so the
# image's npm ci reaches the registry the way this machine does (Node reads the system store
# through NODE_EXTRA_CA_CERTS, set below).
if compgen -G '/usr/local/share/ca-certificates/*.crt' > /dev/null; then
  cp /usr/local/share/ca-certificates/*.crt "$rootfs/usr/local/share/ca-certificates/"
  chroot "$rootfs" update-ca-certificates
fi
# Package lists and caches are of no use inside the image.
rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/cache/apt/archives/*.deb
tar -C "$rootfs" -c . | docker import \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt' \
  --change 'CMD ["node"]' - "$tag"
docker run --rm "$tag" node --version
