#!/usr/bin/env bash
# npm test, before the container tests: Debian's docker.io (dockerd) and busybox-static (the tiny test image) when
# missing, as setup-vscode.sh installs chromium (apt-get, so as root; Debian's archive only). Never fails the run:
# without them the container tests fail, each saying what is missing (test/harness/containerEngine.js).
set -u
if docker info >/dev/null 2>&1 || { command -v dockerd >/dev/null && command -v busybox >/dev/null; }; then
  exit 0
fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
  echo "container tests: no Docker engine answers and docker.io/busybox-static cannot be installed here (needs apt-get as root)." >&2
  exit 0
fi
echo "apt-get install docker.io busybox-static (about 2 minutes on a fresh machine)"
{ apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q docker.io busybox-static >/dev/null; } \
  || echo "container tests: could not install docker.io and busybox-static; those tests will fail saying why." >&2
exit 0
