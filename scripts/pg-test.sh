#!/usr/bin/env bash
# pg-test.sh CMD [ARG...]: run CMD with a throwaway PostgreSQL 15 cluster.
#
# The cluster lives in a temporary directory, listens on a free loopback
# port only, trusts local connections, runs without fsync (its data is
# thrown away) and is stopped and deleted when CMD ends, however it ends.
# CMD sees its address in ITKG_TEST_POSTGRES, which the store and command
# tests use to run the backend suite against a real server.
#
# Needs the PostgreSQL 15 server binaries (Debian: postgresql-15; found in
# $PGBIN, default /usr/lib/postgresql/15/bin). As root, the server runs as
# the postgres user, because PostgreSQL refuses to run as root.
set -euo pipefail

PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
if [ $# -eq 0 ]; then
	echo "usage: scripts/pg-test.sh CMD [ARG...]" >&2
	exit 2
fi
if [ ! -x "$PGBIN/initdb" ]; then
	echo "pg-test: no PostgreSQL server binaries in $PGBIN (install postgresql-15, or set PGBIN)" >&2
	# Outside CI the postgres tests skip themselves; in CI they must run.
	[ -z "${CI:-}" ] || exit 1
	echo "pg-test: running without PostgreSQL; the postgres backend tests will be skipped" >&2
	exec "$@"
fi

dir=$(mktemp -d "${TMPDIR:-/tmp}/itkg-pg.XXXXXX")
as_pg() {
	if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
if [ "$(id -u)" = 0 ]; then chown postgres "$dir"; fi

stop() {
	as_pg "$PGBIN/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
	rm -rf "$dir"
}
trap stop EXIT

# A free loopback port: the first one nothing answers on.
port=
for p in $(seq 55432 55632); do
	if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then port=$p; break; fi
done
[ -n "$port" ] || { echo "pg-test: no free port in 55432-55632" >&2; exit 1; }

as_pg "$PGBIN/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --no-sync >"$dir/initdb.log" 2>&1 ||
	{ cat "$dir/initdb.log" >&2; exit 1; }
as_pg "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
	-o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
	start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
as_pg "$PGBIN/createdb" -h 127.0.0.1 -p "$port" -U postgres itkg_test

export ITKG_TEST_POSTGRES="postgres://postgres@127.0.0.1:$port/itkg_test?sslmode=disable"
echo "pg-test: PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (ITKG_TEST_POSTGRES)" >&2
set +e
"$@"
status=$?
set -e
exit $status
