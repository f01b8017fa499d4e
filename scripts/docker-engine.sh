#!/usr/bin/env bash
# Makes sure a Docker engine answers on /var/run/docker.sock and debootstrap (which builds the
# sandbox image) is installed: installs docker.io and debootstrap from apt when missing and
# starts dockerd in the background. Quiet when all is already in place; safe to run again.
set -euo pipefail

dockerd_log=/tmp/airlock-dockerd.log
apt_log=/tmp/airlock-apt.log
socket=/var/run/docker.sock
wait_s=${AIRLOCK_DOCKERD_WAIT_S:-60}

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

apt_updated=false
apt_install() {
  echo "docker-engine: installing $* with apt"
  if ! $apt_updated; then
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >"$apt_log" 2>&1 ||
      { tail -n 20 "$apt_log"; exit 1; }
    apt_updated=true
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" \
    >>"$apt_log" 2>&1 || { tail -n 20 "$apt_log"; exit 1; }
}

engine_up() {
  docker info >/dev/null 2>&1
}

if ! command -v debootstrap >/dev/null 2>&1 && [ ! -x /usr/sbin/debootstrap ]; then
  apt_install debootstrap
fi

if engine_up; then
  exit 0
fi

if ! command -v dockerd >/dev/null 2>&1 || ! command -v docker >/dev/null 2>&1; then
  apt_install docker.io
fi

if [ -S "$socket" ] && pgrep -x dockerd >/dev/null 2>&1; then
  echo "docker-engine: dockerd runs but does not answer yet; waiting"
else
  echo "docker-engine: starting dockerd (log: $dockerd_log)"
  as_root setsid nohup dockerd >"$dockerd_log" 2>&1 </dev/null &
fi

for _ in $(seq "$wait_s"); do
  if [ -S "$socket" ] && engine_up; then
    exit 0
  fi
  sleep 1
done

echo "docker-engine: dockerd did not answer on $socket within ${wait_s} s; the end of its log:" >&2
tail -n 30 "$dockerd_log" >&2 || true
exit 1
