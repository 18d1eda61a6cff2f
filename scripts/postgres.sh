#!/usr/bin/env bash
# Makes sure the machine's PostgreSQL answers on 127.0.0.1:5432, starting the cluster if it is stopped.
set -euo pipefail
host=${PGHOST_CHECK:-127.0.0.1}
port=${PGPORT_CHECK:-5432}
ready() { pg_isready -q -h "$host" -p "$port" 2>/dev/null; }
if ready; then echo "postgres: up on $host:$port"; exit 0; fi
if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
  version=$(ls /etc/postgresql | sort -V | tail -1)
  echo "postgres: starting cluster $version/main"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
fi
for _ in $(seq 1 60); do
  if ready; then echo "postgres: up on $host:$port"; exit 0; fi
  sleep 0.5
done
echo "postgres: not reachable on $host:$port; start PostgreSQL (trust auth for local connections) and retry" >&2
exit 1
