#!/usr/bin/env bash
# PostgreSQL end to end: installs Debian's postgresql-15 when missing, starts a
# throwaway server on loopback in a temporary directory, runs the store test
# suite against it, then runs two `idmatch serve` processes on that one
# database and checks that concurrent compares through both lose nothing and
# that keys are shared, then the kill -9 crash test with PostgreSQL as store.  Usage: pg_test.sh IDMATCH_BINARY STORE_TEST_BINARY
# (exit 77 = skipped: the shared photos are absent).
set -u
bin=$1
store_tests=$2
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../cli/service_lib.sh
source "$here/../cli/service_lib.sh" store_postgres

pgbin=/usr/lib/postgresql/15/bin
if [ ! -x "$pgbin/postgres" ]; then
  echo "store_postgres: installing Debian's postgresql-15"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends postgresql-15 >/dev/null \
    || { echo "store_postgres: postgresql-15 could not be installed"; exit 1; }
fi
# PostgreSQL refuses to run as root: use its own system user then.
as_pg=()
if [ "$(id -u)" -eq 0 ]; then
  as_pg=(runuser -u postgres --)
  chown postgres "$tmp"
fi
pgdata=$tmp/pgdata
# Below Linux's ephemeral range (32768-60999), where client sockets of other tests live.
pgport=$(( 20000 + RANDOM % 12000 ))
"${as_pg[@]}" "$pgbin/initdb" -D "$pgdata" -U idmatch --auth=trust -E UTF8 >"$tmp/initdb.log" 2>&1 \
  || { echo "store_postgres: initdb failed"; cat "$tmp/initdb.log"; exit 1; }
"${as_pg[@]}" "$pgbin/pg_ctl" -D "$pgdata" -l "$tmp/pg.log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $pgport -k $tmp -c fsync=on" start >/dev/null \
  || { echo "store_postgres: postgres did not start"; cat "$tmp/pg.log"; exit 1; }
stop_pg() { "${as_pg[@]}" "$pgbin/pg_ctl" -D "$pgdata" -m fast stop >/dev/null 2>&1; }
trap 'stop_pg; cleanup' EXIT
"${as_pg[@]}" psql -h 127.0.0.1 -p "$pgport" -U idmatch -d postgres -qc "CREATE DATABASE idmatch_test" \
  || { echo "store_postgres: createdb failed"; exit 1; }
url="postgres://idmatch@127.0.0.1:$pgport/idmatch_test"

# 1. The store suite, PostgreSQL cases included.
IDMATCH_TEST_POSTGRES_URL=$url "$store_tests" --gtest_filter='Engines/StoreEngines.*/postgres' > "$tmp/suite.log" 2>&1
grep -E "^\[ +(OK|FAILED|SKIPPED) +\]" "$tmp/suite.log"
# Every PostgreSQL case ran (none skipped) and passed.
if grep -qE "^\[  PASSED  \] [1-9][0-9]* tests" "$tmp/suite.log" && ! grep -qE "^\[  (SKIPPED|FAILED) " "$tmp/suite.log"; then
  ok
else
  bad "store suite on PostgreSQL"
  tail -30 "$tmp/suite.log"
fi
# Reset for the service checks.
"${as_pg[@]}" psql -h 127.0.0.1 -p "$pgport" -U idmatch -d idmatch_test -qc \
  "DROP TABLE IF EXISTS verifications, api_keys, settings, liveness_challenges, schema_migrations" || bad "reset"

# 2. Two idmatch processes on one database.
"$bin" keys create --database "$url" --name shared > "$tmp/create.out" 2>&1 || bad "keys create: $(cat "$tmp/create.out")"
key=$(tail -n 1 "$tmp/create.out")
pid1="" pid2=""
trap 'kill -9 $pid1 $pid2 2>/dev/null; stop_pg; cleanup' EXIT
serve_on_free_port "$tmp/s1.out" "$tmp/s1.err" --data-dir "$tmp/d1" --database "$url" \
  || bad "replica 1 did not start: $(tail -3 "$tmp/s1.err")"
pid1=$pid p1=$port
# The second replica's URL carries a password (trust auth ignores it): it must never be printed.
url_pw="postgres://idmatch:s3cret-pw@127.0.0.1:$pgport/idmatch_test"
serve_on_free_port "$tmp/s2.out" "$tmp/s2.err" --data-dir "$tmp/d2" --database "$url_pw" \
  || bad "replica 2 did not start: $(tail -3 "$tmp/s2.err")"
pid2=$pid p2=$port
pid="$pid1"
for p in $p1 $p2; do
  for _ in $(seq 1 600); do curl -sf "http://127.0.0.1:$p/readyz" >/dev/null 2>&1 && break; sleep 0.1; done
  curl -sf "http://127.0.0.1:$p/readyz" | grep -q '"ready"' && ok || bad "replica on port $p not ready: $(tail -3 "$tmp/s1.err")"
done
grep -q "^idm_" "$tmp/s1.out" "$tmp/s2.out" && bad "a replica created a first key although the shared table has one" || ok

# 8 concurrent clients, 4 per replica, 3 compares each, small images.
small_a=$tmp/a.jpg small_b=$tmp/b.jpg
cp "$data/img1.jpg" "$small_a"; cp "$data/img2.jpg" "$small_b"
for c in $(seq 1 8); do
  port=$p1; [ $((c % 2)) -eq 0 ] && port=$p2
  ( for i in 1 2 3; do
      curl -s -o /dev/null -w '%{http_code}\n' -H "x-api-key: $key" -F source=@"$small_a" -F target=@"$small_b" \
        "http://127.0.0.1:$port/v1/compare"
    done > "$tmp/client$c.codes" ) &
done
wait_clients=$(jobs -p | grep -v -e "^$pid1\$" -e "^$pid2\$")
for j in $wait_clients; do wait "$j" 2>/dev/null; done
answered=$(cat "$tmp"/client*.codes | grep -c '^200$')
echo "store_postgres: $answered of 24 compares answered 200 through two replicas"
others=$(cat "$tmp"/client*.codes | grep -vc '^200$')
[ "$answered" -ge 20 ] && ok || bad "only $answered of 24 compares answered 200 ($others others: $(sort "$tmp"/client*.codes | uniq -c | tr '\n' ' '))"
rows=$("$bin" audit export --database "$url" 2>/dev/null | grep -c '"decision"')
[ "$rows" -eq "$answered" ] && ok || bad "audit rows $rows != answered $answered"
dups=$("$bin" audit export --database "$url" 2>/dev/null | sed 's/.*"id":"\([^"]*\)".*/\1/' | sort | uniq -d | wc -l)
[ "$dups" -eq 0 ] && ok || bad "$dups duplicated audit ids"
# A key revoked through one replica's store is refused by the other at once.
id=${key:4:16}
"$bin" keys revoke "$id" --database "$url" >/dev/null 2>&1 || bad "revoke"
code=$(curl -s -o /dev/null -w '%{http_code}' -H "x-api-key: $key" -F source=@"$small_a" -F target=@"$small_b" \
  "http://127.0.0.1:$p2/v1/compare")
[ "$code" = 403 ] && ok || bad "revoked key on the other replica answered $code"
kill -TERM "$pid1" "$pid2"; wait "$pid1" 2>/dev/null; wait "$pid2" 2>/dev/null
grep -q "s3cret-pw" "$tmp/s2.out" "$tmp/s2.err" && bad "the database password was printed" || ok
grep -q "idmatch:\*\*\*@127.0.0.1" "$tmp/s2.err" && ok || bad "the start-up line does not name the redacted URL"
# 3. The crash test (kill -9 mid-burst, restart) with the audit trail in PostgreSQL.
"${as_pg[@]}" psql -h 127.0.0.1 -p "$pgport" -U idmatch -d idmatch_test -qc \
  "DROP TABLE IF EXISTS verifications, api_keys, settings, liveness_challenges, schema_migrations" || bad "reset before the crash test"
IDMATCH_DATABASE_URL=$url bash "$here/../cli/crash_test.sh" "$bin" > "$tmp/crash.log" 2>&1 \
  && ok || { bad "crash test on PostgreSQL"; tail -20 "$tmp/crash.log"; }
grep -E "^crash" "$tmp/crash.log"
finish store_postgres
