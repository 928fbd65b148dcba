#!/usr/bin/env bash
# Installs banbridge as a systemd service on Debian (and similar), from a checkout or from a
# release tarball made with `npm pack`.
#
#   contrib/install.sh [--root DIR] [--prefix DIR] [--user NAME] [--no-enable] [SOURCE]
#
#   SOURCE     a checkout with `npm ci && npm run build` done (default: the checkout this
#              script is in; its production node_modules are copied, no network needed),
#              or a banbridge-X.Y.Z.tgz from `npm pack` (then `npm install --omit=dev` runs
#              in the installed copy, which needs the npm registry or a mirror).
#   --prefix   where the program goes (default /usr/local): PREFIX/lib/banbridge, and the
#              command PREFIX/bin/banbridge (on PATH).
#   --root     install into another filesystem root (an image, a container, a test dir);
#              the user is added to ROOT/etc/passwd (useradd --prefix), the unit enabled with
#              systemctl --root. Default /.
#   --user     the system user banbridge runs as (default banbridge; created if missing).
#   --no-enable  do not enable the unit.
#
# Result:
#   PREFIX/lib/banbridge/, and PREFIX/bin/banbridge: runs PREFIX/lib/banbridge/bin/banbridge.js
#   with the service's config (BANBRIDGE_CONFIG=/etc/banbridge/banbridge.yaml unless set) and
#   secrets (node --env-file=/etc/banbridge/banbridge.env where readable), as the unit has them
#   /etc/banbridge/            root:USER 0750
#     banbridge.yaml           root:USER 0640  (from banbridge.example.yaml, store under /var/lib)
#     banbridge.env            root:USER 0640  (generated secrets for the *_env keys)
#     admin.token              root:USER 0640  (generated)
#   /var/lib/banbridge/        USER:USER 0750  (the store)
#   /etc/systemd/system/banbridge.service, enabled (not started: edit the config first)
# Existing config and secrets are never overwritten; running it again upgrades the program.
# Needs: root, Node.js >= 20.6 (`node` on PATH; --env-file), useradd, systemctl (to enable).
set -euo pipefail

root=/ prefix=/usr/local user=banbridge enable=1 source=''
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
while (($#)); do
  case $1 in
    --root) root=$2; shift ;;
    --prefix) prefix=$2; shift ;;
    --user) user=$2; shift ;;
    --no-enable) enable=0 ;;
    -h | --help) sed -n '2,30p' "$0"; exit 0 ;;
    -*) echo "install.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    *) source=$1 ;;
  esac
  shift
done
source=${source:-$here}
R=${root%/}
lib=$R$prefix/lib/banbridge
say() { echo "install.sh: $*"; }
die() { echo "install.sh: $*" >&2; exit 1; }
[[ $(id -u) -eq 0 ]] || die "run as root"
command -v node >/dev/null || die "node (>= 20.6) is not on PATH"


# 1. The program.
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
# The command's wrapper (below) gives node the unit's env file with --env-file (Node.js
# 20.6.0 and later), which must leave a variable already set alone (under the unit, systemd
# has set them): checked by doing it, not by version.
printf 'BANBRIDGE_ENV_CHECK=file\n' >"$stage/env-check"
[[ $(BANBRIDGE_ENV_CHECK=set node --env-file="$stage/env-check" -p 'process.env.BANBRIDGE_ENV_CHECK' 2>/dev/null) == set ]] ||
  die "node $(node -v) lacks --env-file or lets it override the environment: install a newer Node.js (20.6 or later)"
if [[ -f $source && $source == *.tgz ]]; then
  tar -xzf "$source" -C "$stage"
  pkg=$stage/package
else
  pkg=$source
  [[ -f $pkg/package.json && -f $pkg/dist/cli/main.js ]] ||
    die "$pkg is not a built checkout: run npm ci && npm run build there first"
  [[ -d $pkg/node_modules ]] || die "$pkg/node_modules is missing: run npm ci there first"
fi
[[ $(node -p "require('$pkg/package.json').name") == banbridge ]] || die "$pkg is not banbridge"
say "installing $(node -p "require('$pkg/package.json').version") into $lib"
rm -rf "$lib.new"
mkdir -p "$lib.new"
for f in package.json bin dist contrib fail2ban rsyslog graylog-content-pack banbridge.example.yaml LICENSE README.md; do
  [[ -e $pkg/$f ]] && cp -R "$pkg/$f" "$lib.new/"
done
if [[ -d $pkg/node_modules ]]; then
  # production packages only, as package-lock.json lists them (entries without "dev")
  mkdir -p "$lib.new/node_modules"
  node -e '
    const lock = require(process.argv[1] + "/package-lock.json");
    for (const [p, m] of Object.entries(lock.packages))
      if (p.startsWith("node_modules/") && !m.dev && !p.slice(13).includes("node_modules/")) console.log(p.slice(13));
  ' "$pkg" | while read -r dep; do
    mkdir -p "$lib.new/node_modules/$(dirname "$dep")"
    cp -R "$pkg/node_modules/$dep" "$lib.new/node_modules/$dep"
  done
else
  # The package's own scripts are for development: `prepare` builds with tsc, a dev
  # dependency, and npm runs it on a local `npm install` without package arguments, with
  # --omit=dev too (https://docs.npmjs.com/cli/v11/using-npm/scripts, "prepare"). They go;
  # the dependencies' install scripts still run (better-sqlite3 builds or fetches its
  # binding).
  node -e '
    const file = process.argv[1] + "/package.json";
    const pkg = JSON.parse(require("fs").readFileSync(file, "utf8"));
    delete pkg.scripts;
    require("fs").writeFileSync(file, JSON.stringify(pkg, null, 2) + "\n");
  ' "$lib.new"
  (cd "$lib.new" && npm install --omit=dev --ignore-scripts=false --no-audit --no-fund >/dev/null)
fi
chown -R 0:0 "$lib.new"
chmod -R u=rwX,go=rX "$lib.new"
rm -rf "$lib.old"
[[ -e $lib ]] && mv "$lib" "$lib.old"
mv "$lib.new" "$lib"
rm -rf "$lib.old"

# 2. The user.
if ! grep -q "^$user:" "$R/etc/passwd"; then
  prefix_opt=()
  [[ -n $R ]] && prefix_opt=(--prefix "$R")
  useradd "${prefix_opt[@]}" --system --user-group --home-dir /var/lib/banbridge --no-create-home \
    --shell /usr/sbin/nologin --comment "banbridge service" "$user"
  say "created system user $user"
fi
uid=$(awk -F: -v u="$user" '$1 == u { print $3 }' "$R/etc/passwd")
gid=$(awk -F: -v u="$user" '$1 == u { print $4 }' "$R/etc/passwd")

# The command, after the user: run by root, it drops to the user's ids.
mkdir -p "$R$prefix/bin"
# Not a symlink: operator commands (check-config before a restart, status, list …) need what
# the unit gives serve, the config's path and the *_env secrets. node reads the env file
# itself (a variable already set wins over the file, so under the unit its own
# EnvironmentFile, read first, decides; https://nodejs.org/docs/latest-v20.x/api/cli.html#--env-fileconfig).
# Only root and the service's group can read the file, so other users get the config's
# path and supply the secrets themselves.
rm -f "$R$prefix/bin/banbridge"
install -m 0755 /dev/null "$R$prefix/bin/banbridge"
cat >"$R$prefix/bin/banbridge" <<EOF
#!/bin/sh
# banbridge, installed by contrib/install.sh: the service's config and secrets unless
# --config or BANBRIDGE_CONFIG names another config.
# Run by root, it runs as the service user ($user, uid $uid): a store it creates (a first
# 'banbridge ban' before the service ever started) is then the service's, which can write
# it, and no operator command runs node as root. setpriv: util-linux.
if [ "\$(id -u)" = 0 ]; then
  exec setpriv --reuid=$uid --regid=$gid --clear-groups -- "\$0" "\$@"
fi
: "\${BANBRIDGE_CONFIG:=/etc/banbridge/banbridge.yaml}"
export BANBRIDGE_CONFIG
if [ -r /etc/banbridge/banbridge.env ]; then
  exec node --env-file=/etc/banbridge/banbridge.env "$prefix/lib/banbridge/bin/banbridge.js" "\$@"
fi
exec node "$prefix/lib/banbridge/bin/banbridge.js" "\$@"
EOF

# 3. Config, secrets, state.
install -d -m 0750 -o 0 -g "$gid" "$R/etc/banbridge"
install -d -m 0750 -o "$uid" -g "$gid" "$R/var/lib/banbridge"
secret() { head -c 24 /dev/urandom | base64 | tr -d '/+=\n'; }
put() { # put FILE CONTENT: a new root:USER 0640 file, never over an existing one
  [[ -e $1 ]] && { say "kept $1"; return; }
  install -m 0640 -o 0 -g "$gid" /dev/null "$1"
  printf '%s' "$2" >"$1"
  say "wrote $1"
}
put "$R/etc/banbridge/banbridge.yaml" "$(sed 's#^\(  path: \)\./data/banbridge\.db#\1/var/lib/banbridge/banbridge.db#' "$lib/banbridge.example.yaml")
"
# A single-quoted value is taken verbatim by both readers: systemd (systemd.exec(5), systemd
# 252, EnvironmentFile=: "can contain any character verbatim other than single quote ... No
# backslash-escape sequences are recognized") and node --env-file (test/contrib/install.test.ts
# runs it); unquoted, they differ on # and quotes.
put "$R/etc/banbridge/banbridge.env" "# secrets for the *_env keys of banbridge.yaml, read by the systemd unit and by the
# banbridge command (node --env-file): put a value with spaces, #, quotes or backslashes in
# single quotes ('like#this'), which both read the same way.
BANBRIDGE_GRAYLOG_TOKEN=$(secret)
BANBRIDGE_WEB01_PASSWORD=$(secret)
BANBRIDGE_EDGE1_PASSWORD=set-the-router-users-password
"
put "$R/etc/banbridge/admin.token" "$(secret)
"

# 4. The unit.
install -d "$R/etc/systemd/system"
sed "s#/usr/local/bin/banbridge#$prefix/bin/banbridge#g" "$lib/contrib/banbridge.service" \
  >"$R/etc/systemd/system/banbridge.service"
chmod 0644 "$R/etc/systemd/system/banbridge.service"
if ((enable)); then
  if [[ -z $R && -d /run/systemd/system ]]; then
    systemctl daemon-reload
    systemctl enable banbridge.service
  else
    systemctl --root="$root" enable banbridge.service
  fi
fi
say "done. Next: edit /etc/banbridge/banbridge.yaml and banbridge.env (routers, users), then"
say "  runuser -u $user -- $prefix/bin/banbridge check-config"
say "  systemctl start banbridge && systemctl status banbridge"
