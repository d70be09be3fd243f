#!/usr/bin/env bash
# A one-node SLURM cluster with job accounting on this machine, for the test suite.
#
#   tests/cluster/start_slurm.sh   # install (once), configure, start; returns when the node is idle
#   tests/cluster/stop_slurm.sh    # stop every daemon this script started
#
# Installs Debian's slurmctld slurmd slurm-client munge slurmdbd mariadb-server (no recommends),
# writes /etc/slurm/slurm.conf and /etc/slurm/slurmdbd.conf from the templates next to this script
# (this machine's CPUs and memory), and starts without systemd: munged, a private MariaDB (data in
# $SPINBRIDGE_SLURM_DIR, TCP on 127.0.0.1 only), slurmdbd (registers the cluster, an account and
# this user), slurmctld and slurmd. Accounting matters: the Snakemake executor plugin follows its
# jobs with sacct, and without slurmdbd a finished job drops out of sight.
#
# Exit status: 0 the cluster runs and its node is idle (also when it already ran); 77 SLURM cannot
# be started here (not root, no apt-get, no package registry, ports taken, a SLURM configuration
# that this script did not write): the last line on stderr says why, callers skip; anything else is
# a real failure, reported with the tails of the daemon logs.
#
# Environment: SPINBRIDGE_SLURM_DIR (state, logs, database; default /tmp/spinbridge-slurm),
# SPINBRIDGE_SLURM_ACCOUNT (default spinbridge).
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
STATE="${SPINBRIDGE_SLURM_DIR:-/tmp/spinbridge-slurm}"
ACCOUNT="${SPINBRIDGE_SLURM_ACCOUNT:-spinbridge}"
CONF_DIR=/etc/slurm
MARKER="written by tests/cluster/start_slurm.sh"
CTLD_PORT=6817
SLURMD_PORT=6818
DBD_PORT=6819
DB_PORT=6820
PACKAGES=(slurmctld slurmd slurm-client munge slurmdbd mariadb-server)
LOG="$STATE/log"
RUN="$STATE/run"
T0=$SECONDS

say() { echo "start_slurm.sh: $*"; }
cannot() {
    echo "start_slurm.sh: cannot start SLURM here: $*" >&2
    exit 77
}
show_logs() {
    local f
    for f in "$LOG"/*.log; do
        [ -s "$f" ] || continue
        echo "---- $f (last 15 lines)" >&2
        tail -n 15 "$f" >&2
    done
}
fail() {
    show_logs
    echo "start_slurm.sh: FAILED: $*" >&2
    exit 1
}
# wait_for SECONDS DESCRIPTION COMMAND...: poll COMMAND every 0.5 s until it succeeds
wait_for() {
    local limit=$1 what=$2
    shift 2
    local deadline=$((SECONDS + limit))
    until "$@" >/dev/null 2>&1; do
        ((SECONDS < deadline)) || fail "$what not ready after $limit s"
        sleep 0.5
    done
}
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
node_idle() { [ "$(timeout 5 sinfo -h -n "$HOST" -o %T 2>/dev/null)" = "idle" ]; }

HOST="$(hostname -s)"

# ---- already running (started by this script)? Then there is nothing to do.
if [ -f "$CONF_DIR/slurm.conf" ] && grep -q "$MARKER" "$CONF_DIR/slurm.conf" &&
    command -v sinfo >/dev/null && node_idle; then
    say "already running ($(sinfo -V)), node $HOST idle"
    exit 0
fi

# ---- can it start here at all?
[ "$(id -u)" = 0 ] ||
    cannot "needs root (installs packages, starts daemons as root); running as $(id -un)"
for f in slurm.conf slurmdbd.conf; do
    if [ -e "$CONF_DIR/$f" ] && ! grep -q "$MARKER" "$CONF_DIR/$f"; then
        cannot "$CONF_DIR/$f exists and was not written by this script (a real SLURM installation?)"
    fi
done

# ---- packages
missing=()
for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
        missing+=("$p")
done
mkdir -p "$STATE"
APT_LOG="$STATE/apt.log"
if ((${#missing[@]})); then
    command -v apt-get >/dev/null || cannot "no apt-get to install ${missing[*]}"
    say "installing ${missing[*]}"
    # no service may start during installation: there is no systemd, and this script starts them
    own_policy=""
    if [ ! -e /usr/sbin/policy-rc.d ]; then
        printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
        chmod 755 /usr/sbin/policy-rc.d
        own_policy=1
    fi
    apt_install() {
        DEBIAN_FRONTEND=noninteractive timeout 240 apt-get install -y -qq \
            -o DPkg::Lock::Timeout=120 --no-install-recommends "${missing[@]}" >>"$APT_LOG" 2>&1
    }
    rc=0
    if ! apt_install; then
        # a fresh machine may have no package lists yet
        if ! timeout 120 apt-get update -qq >>"$APT_LOG" 2>&1; then
            [ -z "$own_policy" ] || rm -f /usr/sbin/policy-rc.d
            cannot "apt-get update failed (no network or package registry?):" \
                "$(tail -n 1 "$APT_LOG")"
        fi
        apt_install || rc=$?
    fi
    [ -z "$own_policy" ] || rm -f /usr/sbin/policy-rc.d
    if ((rc)); then
        unavailable="Unable to locate package|has no installation candidate|Failed to fetch"
        if grep -qE "$unavailable|Temporary failure resolving" "$APT_LOG"; then
            cannot "the package registry does not provide ${missing[*]}: $(tail -n 1 "$APT_LOG")"
        fi
        fail "apt-get install ${missing[*]} failed (exit $rc), see $APT_LOG"
    fi
    say "installed in $((SECONDS - T0)) s"
fi
for exe in munged mariadbd mariadb-install-db slurmdbd slurmctld slurmd sinfo sacctmgr; do
    command -v "$exe" >/dev/null || fail "$exe not found after installing ${PACKAGES[*]}"
done

# ---- a fresh start: stop what an earlier run of this script left, then start from empty state
"$HERE/stop_slurm.sh" >/dev/null 2>&1 || true
for port in $CTLD_PORT $SLURMD_PORT $DBD_PORT $DB_PORT; do
    ! port_in_use "$port" ||
        cannot "TCP port $port on 127.0.0.1 is in use (another SLURM or database?)"
done
rm -rf "$STATE/mariadb" "$STATE/slurmctld" "$STATE/slurmd" "$RUN" "$LOG"
mkdir -p "$STATE/slurmctld" "$STATE/slurmd" "$RUN" "$LOG" "$CONF_DIR"

# ---- configuration: this machine's CPUs and 90% of its memory (slurmd drains a node that has
# less than it is configured with)
CPUS="$(nproc)"
MEMORY_MB="$(awk '/^MemTotal:/ {printf "%d", $2 / 1024 * 0.9}' /proc/meminfo)"
DB_PASSWORD="$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
render() {
    sed -e "s|@HOST@|$HOST|g" -e "s|@STATE@|$STATE|g" -e "s|@CPUS@|$CPUS|g" \
        -e "s|@MEMORY_MB@|$MEMORY_MB|g" -e "s|@CTLD_PORT@|$CTLD_PORT|g" \
        -e "s|@SLURMD_PORT@|$SLURMD_PORT|g" -e "s|@DBD_PORT@|$DBD_PORT|g" \
        -e "s|@DB_PORT@|$DB_PORT|g" -e "s|@DB_PASSWORD@|$DB_PASSWORD|g" "$1"
}
render "$HERE/slurm.conf.in" >"$CONF_DIR/slurm.conf"
chmod 644 "$CONF_DIR/slurm.conf"
(
    umask 077
    render "$HERE/slurmdbd.conf.in" >"$CONF_DIR/slurmdbd.conf"
)
chmod 600 "$CONF_DIR/slurmdbd.conf" # slurmdbd refuses a config that others can read

# ---- munge: reuse a running munged, else start one with the package's key
if munge -n </dev/null 2>/dev/null | unmunge >/dev/null 2>&1; then
    say "munged already running, reused"
else
    if [ ! -s /etc/munge/munge.key ]; then
        mungekey --create --keyfile=/etc/munge/munge.key >>"$LOG/munged.log" 2>&1 ||
            fail "could not create /etc/munge/munge.key"
    fi
    chown munge:munge /etc/munge/munge.key
    chmod 400 /etc/munge/munge.key
    mkdir -p /run/munge /var/lib/munge /var/log/munge "$RUN/munge"
    chown munge:munge /run/munge /var/lib/munge /var/log/munge "$RUN/munge"
    runuser -u munge -- munged --pid-file="$RUN/munge/munged.pid" >>"$LOG/munged.log" 2>&1 ||
        fail "munged did not start"
    wait_for 20 munged sh -c 'munge -n </dev/null | unmunge'
fi

# ---- MariaDB: a private instance for the accounting database
mariadb-install-db --no-defaults --datadir="$STATE/mariadb" --user=root \
    --auth-root-authentication-method=socket --skip-test-db >"$LOG/mariadb-install.log" 2>&1 ||
    fail "mariadb-install-db failed"
setsid mariadbd --no-defaults --datadir="$STATE/mariadb" --user=root \
    --socket="$RUN/mariadb.sock" --port="$DB_PORT" --bind-address=127.0.0.1 \
    --pid-file="$RUN/mariadb.pid" --log-error="$LOG/mariadb.log" --skip-log-bin \
    --innodb-buffer-pool-size=128M --innodb-lock-wait-timeout=900 </dev/null >/dev/null 2>&1 &
wait_for 60 MariaDB mariadb-admin --no-defaults -S "$RUN/mariadb.sock" -u root ping
mariadb --no-defaults -S "$RUN/mariadb.sock" -u root <<SQL || fail "could not create the database user"
CREATE USER 'slurm'@'127.0.0.1' IDENTIFIED BY '$DB_PASSWORD';
GRANT ALL ON slurm_acct_db.* TO 'slurm'@'127.0.0.1';
SQL
say "munged, MariaDB up after $((SECONDS - T0)) s"

# ---- slurmdbd, then the cluster, an account and this user in it
slurmdbd || fail "slurmdbd did not start"
wait_for 60 slurmdbd timeout 10 sacctmgr -n list cluster
timeout 30 sacctmgr -i add cluster spinbridge >>"$LOG/sacctmgr.log" 2>&1 ||
    fail "sacctmgr add cluster failed"
timeout 30 sacctmgr -i add account "$ACCOUNT" Description="spinbridge tests" \
    Organization=spinbridge >>"$LOG/sacctmgr.log" 2>&1 || fail "sacctmgr add account failed"
timeout 30 sacctmgr -i add user "$(id -un)" Account="$ACCOUNT" DefaultAccount="$ACCOUNT" \
    >>"$LOG/sacctmgr.log" 2>&1 || fail "sacctmgr add user failed"

# ---- controller and node; sinfo blocks ~10 s per call while the controller is down: poll it
# with a timeout
slurmctld || fail "slurmctld did not start"
slurmd || fail "slurmd did not start"
deadline=$((SECONDS + 90))
until node_idle; do
    if ((SECONDS >= deadline)); then
        fail "node $HOST not idle after 90 s: $(timeout 5 sinfo -h -N -o '%N %T %E' 2>&1 || true)"
    fi
    sleep 0.5
done
say "$(sinfo -V) up in $((SECONDS - T0)) s: node $HOST idle, $CPUS CPUs, $MEMORY_MB MB," \
    "account $ACCOUNT, state in $STATE"
