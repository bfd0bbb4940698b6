#!/usr/bin/env bash
# The real systemd, as PID 1: boots a minimal Debian with systemd-nspawn, runs the system
# unit (systemd/system/veille.service, full sandbox) in it, and checks that veille
#   - reaches "active (running)" through Type=notify, with a STATUS= line;
#   - logs structured records (MESSAGE_ID, VEILLE_FEED) to the journal;
#   - is killed and restarted by the watchdog when frozen (SIGSTOP);
#   - reloads on `systemctl reload` and stops cleanly on `systemctl stop`.
# Slow (debootstrap 35 s to 3 min once, cached; then ~10 s per boot), so it runs from .ci/run only, not
# from `cargo test`. Root, packages debootstrap and systemd-container. The Debian mirror is
# the machine's own apt source, so nothing else is contacted.
#
# Usage: .ci/nspawn.sh [PATH-TO-VEILLE-BINARY]   (default target/debug/veille)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN="$(realpath "${1:-target/debug/veille}")"
CACHE="${VEILLE_NSPAWN_CACHE:-/var/tmp/veille-nspawn}"
BASE="$CACHE/base"
ROOT="$CACHE/root"
RESULTS="$(mktemp -d)"
HTTP_PID=""
cleanup() {
  [ -z "$HTTP_PID" ] || kill "$HTTP_PID" 2>/dev/null || true
  [ -n "${KEEP:-}" ] || rm -rf "$RESULTS"
}
trap cleanup EXIT

fail() { echo "nspawn: FAIL: $*" >&2; for f in "$RESULTS"/*; do echo "--- $f"; tail -n 40 "$f"; done >&2; exit 1; }

[ "$(id -u)" = 0 ] || { echo "nspawn: needs root" >&2; exit 1; }
[ -x "$BIN" ] || { echo "nspawn: no binary at $BIN (cargo build first)" >&2; exit 1; }

# 1. A minimal Debian, built once and cached.
if [ ! -x "$BASE/lib/systemd/systemd" ]; then
  suite="$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")"
  mirror="$(grep -h '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}' | grep -v security | head -n1 || true)"
  [ -n "$mirror" ] || mirror="$(grep -h '^deb ' /etc/apt/sources.list 2>/dev/null | awk '{print $2}' | head -n1 || true)"
  [ -n "$mirror" ] || { echo "nspawn: no apt mirror found in this machine's sources" >&2; exit 1; }
  echo "nspawn: debootstrap $suite from $mirror (once, cached in $BASE)"
  rm -rf "$BASE.tmp"
  mkdir -p "$CACHE"
  timeout 600 debootstrap --variant=minbase --include=systemd,systemd-sysv,dbus,ca-certificates \
    "$suite" "$BASE.tmp" "$mirror" >"$CACHE/debootstrap.log" 2>&1 \
    || { tail -n 20 "$CACHE/debootstrap.log" >&2; exit 1; }
  mv "$BASE.tmp" "$BASE"
fi

# 2. A fresh copy of it for this run, with veille, its config, the unit and a probe.
rm -rf "$ROOT"
cp -a "$BASE" "$ROOT"
install -m 0755 "$BIN" "$ROOT/usr/local/bin/veille"
install -D -m 0644 tests/fixtures/press-fr.xml "$ROOT/etc/veille/press.xml"
# The feed over HTTP from the host's loopback (the container shares the host's network),
# so the check covers a real fetch under the full sandbox; a local file without python3.
FEED=/etc/veille/press.xml
if command -v python3 >/dev/null; then
  mkdir -p "$CACHE/www" && cp tests/fixtures/press-fr.xml "$CACHE/www/press.xml"
  PORT=$((20000 + RANDOM % 20000))
  python3 -m http.server "$PORT" --bind 127.0.0.1 --directory "$CACHE/www" >/dev/null 2>&1 &
  HTTP_PID=$!
  FEED="http://127.0.0.1:$PORT/press.xml"
  for i in $(seq 1 50); do
    (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break
    sleep 0.1
  done
fi
cat >"$ROOT/etc/veille/veille.toml" <<TOML
[[feeds]]
url = "$FEED"

[[feeds]]
url = "/etc/veille/missing.xml"

[[brands]]
name = "Inwi"
aliases = ["inwi"]

[alerts]
desktop = false
TOML
install -m 0644 systemd/system/veille.service "$ROOT/etc/systemd/system/veille.service"
# A short watchdog so the freeze test takes seconds, not minutes.
mkdir -p "$ROOT/etc/systemd/system/veille.service.d"
printf '[Service]\nWatchdogSec=4s\nRestartSec=1s\n' >"$ROOT/etc/systemd/system/veille.service.d/ci.conf"
ln -sf /etc/systemd/system/veille.service "$ROOT/etc/systemd/system/multi-user.target.wants/veille.service"
echo veille-ci >"$ROOT/etc/hostname"

cat >"$ROOT/usr/local/bin/veille-probe" <<'PROBE'
#!/bin/sh
# Runs inside the container as a oneshot unit; writes what it saw into /results.
R=/results
show() { systemctl show veille -p ActiveState -p SubState -p Type -p StatusText -p NRestarts -p MainPID -p Result -p WatchdogUSec; }
wait_for() { i=0; while [ $i -lt "$2" ]; do if eval "$1"; then return 0; fi; sleep 0.5; i=$((i+1)); done; return 1; }
wait_for '[ "$(systemctl is-active veille)" = active ] && systemctl show veille -p StatusText | grep -q "last poll"' 60
show >$R/started.txt
systemctl status veille --no-pager >$R/status.txt 2>&1
PID1=$(systemctl show veille -p MainPID --value)
# Freeze: the watchdog must notice and restart it.
kill -STOP "$PID1"
wait_for '[ "$(systemctl show veille -p NRestarts --value)" -ge 1 ] && [ "$(systemctl is-active veille)" = active ] && [ "$(systemctl show veille -p MainPID --value)" != "$PID1" ]' 60
show >$R/after_freeze.txt
echo "$PID1" >$R/frozen_pid.txt
# Reload, then a clean stop.
systemctl reload veille; echo "reload rc=$?" >$R/reload.txt
wait_for '[ "$(systemctl is-active veille)" = active ]' 20
T0=$(date +%s)
systemctl stop veille
echo "stop took $(( $(date +%s) - T0 )) s" >$R/stop.txt
show >$R/stopped.txt
journalctl -u veille -o json --no-pager >$R/journal.json
journalctl -u veille --no-pager >$R/journal.txt
systemd-analyze security veille --no-pager >$R/security.txt 2>&1 || true
touch $R/done
systemctl poweroff
PROBE
chmod 0755 "$ROOT/usr/local/bin/veille-probe"
cat >"$ROOT/etc/systemd/system/veille-probe.service" <<'UNIT'
[Unit]
Description=veille CI probe
After=veille.service

[Service]
Type=oneshot
ExecStart=/usr/local/bin/veille-probe
StandardOutput=journal+console

[Install]
WantedBy=multi-user.target
UNIT
ln -sf /etc/systemd/system/veille-probe.service "$ROOT/etc/systemd/system/multi-user.target.wants/veille-probe.service"

# 3. Boot it, bounded.
echo "nspawn: booting the container (bounded to 180 s)"
timeout 180 systemd-nspawn -q -D "$ROOT" -b --register=no --keep-unit \
  --bind="$RESULTS:/results" >"$CACHE/boot.log" 2>&1 || true
[ -e "$RESULTS/done" ] || { tail -n 40 "$CACHE/boot.log" >&2; fail "the probe did not finish"; }

# 4. Check what the probe saw.
grep -qx 'Type=notify' "$RESULTS/started.txt" || fail "not Type=notify"
grep -qx 'ActiveState=active' "$RESULTS/started.txt" || fail "did not reach active"
grep -qx 'SubState=running' "$RESULTS/started.txt" || fail "did not reach running"
grep -q '^StatusText=2 feeds (1 failing), 1 brand, last poll [0-9][0-9]:[0-9][0-9], 0 alerts today$' "$RESULTS/started.txt" \
  || fail "STATUS= line: $(grep StatusText "$RESULTS/started.txt")"
grep -q '"MESSAGE_ID":"a7e41c9d2b6f4830b5e9c1d7f3a2e864"' "$RESULTS/journal.json" || fail "no feed-failure MESSAGE_ID in the journal"
grep -q '"VEILLE_FEED":"file:///etc/veille/missing.xml"' "$RESULTS/journal.json" || fail "no VEILLE_FEED field in the journal"
grep -q '"FEEDS_OK":"1"' "$RESULTS/journal.json" || fail "the feed ($FEED) was not fetched under the sandbox"
grep -q 'Watchdog timeout' "$RESULTS/journal.txt" || fail "the watchdog did not fire on the frozen process"
n="$(sed -n 's/^NRestarts=//p' "$RESULTS/after_freeze.txt")"
[ "${n:-0}" -ge 1 ] || fail "not restarted after the freeze (NRestarts=$n)"
grep -qx 'ActiveState=active' "$RESULTS/after_freeze.txt" || fail "not active again after the watchdog restart"
grep -qx 'reload rc=0' "$RESULTS/reload.txt" || fail "systemctl reload failed"
grep -q 'config reloaded' "$RESULTS/journal.txt" || fail "no 'config reloaded' line"
grep -qx 'ActiveState=inactive' "$RESULTS/stopped.txt" || fail "did not stop"
grep -qx 'Result=success' "$RESULTS/stopped.txt" || fail "stop was not clean: $(grep Result "$RESULTS/stopped.txt")"
grep -q 'veille stopped' "$RESULTS/journal.txt" || fail "no 'veille stopped' line"
exposure="$(sed -n 's/.*Overall exposure level for veille.service: \([0-9.]*\).*/\1/p' "$RESULTS/security.txt")"
echo "nspawn: ok: feed $FEED; Type=notify -> running; $(grep StatusText "$RESULTS/started.txt"); watchdog restart (NRestarts=$n); reload; clean stop ($(cat "$RESULTS/stop.txt")); exposure in the container ${exposure:-?}"
