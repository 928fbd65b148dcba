#!/usr/bin/env bash
# Installs the real programs the tests run: fail2ban, rsyslog, logrotate, curl (the fail2ban action) and
# logger (bsdutils, Essential) for test/fail2ban and test/rsyslog; chromium for the console's
# browser tests (driven by playwright-core, no browser download); prometheus for promtool
# (alert rules); python3-librouteros, an independent RouterOS API client that cross-checks the
# simulator (Debian's /usr/bin/python3, not a pyenv python); postgresql, whose initdb/postgres
# binaries test/helpers/postgres.ts runs as a private cluster in a temp dir; haproxy, which
# test/contrib/haproxy.test.ts runs in front of two instances (contrib/haproxy.cfg). Idempotent:
# installs only what is missing. Never starts the system services: the Debian policy-rc.d
# hook is set for the length of the install if none exists, and a service the package
# started anyway is stopped by its own pid file. Needs root (or sudo) and apt-get.
# Measured on Debian 12: about 5-8 s with `apt-get update`, 0 s when all is present.
set -euo pipefail

want=(fail2ban rsyslog logrotate curl bsdutils chromium prometheus python3-librouteros postgresql haproxy)
missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  echo "install-daemons: already installed: ${want[*]}"
  exit 0
fi

SUDO=""
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "install-daemons: need root or sudo to install ${missing[*]}" >&2; exit 1; }
  SUDO="sudo"
fi

made_policy=""
if [[ ! -e /usr/sbin/policy-rc.d ]]; then
  printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
  $SUDO chmod +x /usr/sbin/policy-rc.d
  made_policy=1
fi
cleanup() { [[ -n $made_policy ]] && $SUDO rm -f /usr/sbin/policy-rc.d; return 0; }
trap cleanup EXIT

pre_f2b=$([[ -s /run/fail2ban/fail2ban.pid ]] && echo 1 || true)
pre_rs=$([[ -s /run/rsyslogd.pid ]] && echo 1 || true)
pre_prom=$(pgrep -x prometheus >/dev/null && echo 1 || true)
pre_haproxy=$(pgrep -x haproxy >/dev/null && echo 1 || true)

echo "install-daemons: installing ${missing[*]}"
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

# Tests run private instances; a system daemon started by the package is not wanted.
if [[ -z $pre_f2b && -s /run/fail2ban/fail2ban.pid ]]; then
  echo "install-daemons: the package started the system fail2ban; stopping it"
  $SUDO fail2ban-client -s /run/fail2ban/fail2ban.sock stop >/dev/null 2>&1 || $SUDO kill -TERM "$(cat /run/fail2ban/fail2ban.pid)" || true
fi
if [[ -z $pre_rs && -s /run/rsyslogd.pid ]]; then
  echo "install-daemons: the package started the system rsyslogd; stopping it"
  $SUDO kill -TERM "$(cat /run/rsyslogd.pid)" || true
fi
if [[ -z $pre_haproxy ]] && pgrep -x haproxy >/dev/null; then
  echo "install-daemons: the package started the system haproxy; stopping it"
  $SUDO pkill -TERM -x haproxy || true
fi
if [[ -z $pre_prom ]] && pgrep -x prometheus >/dev/null; then
  echo "install-daemons: the package started the system prometheus; stopping it"
  $SUDO pkill -TERM -x prometheus || true
fi
# The package creates a "main" cluster; policy-rc.d keeps it stopped, and if it runs anyway
# it is stopped here (tests start their own cluster on a random port).
if command -v pg_lsclusters >/dev/null; then
  pg_lsclusters --no-header 2>/dev/null | while read -r ver name _port status _rest; do
    if [[ $status == online* ]]; then
      echo "install-daemons: the package started PostgreSQL $ver/$name; stopping it"
      $SUDO pg_ctlcluster "$ver" "$name" stop || true
    fi
  done
fi
echo "install-daemons: fail2ban $(dpkg-query -W -f='${Version}' fail2ban), rsyslog $(dpkg-query -W -f='${Version}' rsyslog), curl $(dpkg-query -W -f='${Version}' curl)"
