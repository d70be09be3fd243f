#!/usr/bin/env bash
# Stop the one-node SLURM of tests/cluster/start_slurm.sh: cancel its jobs, stop slurmd,
# slurmctld, slurmdbd, its MariaDB and (if it started it) munged, each by the process id in its pid
# file, and remove the configuration it wrote. Stopping a cluster that does not run is no error.
set -uo pipefail

STATE="${SPINBRIDGE_SLURM_DIR:-/tmp/spinbridge-slurm}"
RUN="$STATE/run"
CONF_DIR=/etc/slurm
MARKER="written by tests/cluster/start_slurm.sh"

ours() { [ -f "$CONF_DIR/slurm.conf" ] && grep -q "$MARKER" "$CONF_DIR/slurm.conf"; }

# stop PIDFILE NAME: TERM the process named NAME whose id is in PIDFILE, KILL it after 20 s
stop() {
    local pidfile=$1 name=$2 pid i
    [ -s "$pidfile" ] || return 0
    pid="$(tr -dc 0-9 <"$pidfile")"
    # the id must still belong to that daemon (ids are reused)
    if [ -n "$pid" ] && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$name" ]; then
        kill -TERM "$pid" 2>/dev/null
        for ((i = 0; i < 40; i++)); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.5
        done
        if kill -0 "$pid" 2>/dev/null; then
            kill -KILL "$pid" 2>/dev/null
            echo "stop_slurm.sh: $name ($pid) killed after 20 s"
        fi
    fi
    rm -f "$pidfile"
}

if ours && command -v scancel >/dev/null; then
    timeout 10 scancel --partition main >/dev/null 2>&1 # every job of the test cluster
fi
stop "$RUN/slurmd.pid" slurmd
stop "$RUN/slurmctld.pid" slurmctld
stop "$RUN/slurmdbd.pid" slurmdbd
stop "$RUN/mariadb.pid" mariadbd
stop "$RUN/munge/munged.pid" munged
for f in slurm.conf slurmdbd.conf; do
    if [ -f "$CONF_DIR/$f" ] && grep -q "$MARKER" "$CONF_DIR/$f"; then
        rm -f "$CONF_DIR/$f"
    fi
done
echo "stop_slurm.sh: stopped"
