# Sourced by test.sh and .ci/lib/production-keycloak.sh: the local PostgreSQL and MariaDB servers the tests use, on
# 127.0.0.1 with their default ports, and empty databases owned by the user keycloak_ci (password keycloak_ci).
# Starting a stopped server uses Debian's tools (pg_ctlcluster, start-stop-daemon) and needs root.

# SQL as PostgreSQL's administrator: over TCP as user postgres, as the current user (Homebrew's default), or
# through the postgres system account (Debian's default, needs root).
psql_admin() {
  psql -h 127.0.0.1 -U postgres -d postgres -v ON_ERROR_STOP=1 -qtA "$@" 2>/dev/null \
    || psql -h 127.0.0.1 -d postgres -v ON_ERROR_STOP=1 -qtA "$@" 2>/dev/null \
    || su postgres -c "psql -v ON_ERROR_STOP=1 -qtA $(printf '%q ' "$@")"
}

start_postgres() {
  pg_isready -q -h 127.0.0.1 -p 5432 && return 0
  command -v pg_ctlcluster >/dev/null 2>&1 && [[ $EUID -eq 0 ]] || {
    echo "PostgreSQL is not running on 127.0.0.1:5432: start it (sudo systemctl start postgresql)." >&2; return 1
  }
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -n 1)" main start
  for _ in $(seq 30); do pg_isready -q -h 127.0.0.1 -p 5432 && return 0; sleep 1; done
  echo "PostgreSQL did not start" >&2; return 1
}

# A new, empty PostgreSQL database owned by keycloak_ci.
fresh_database() { # name
  if [[ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname='keycloak_ci'")" != 1 ]]; then
    psql_admin -c "CREATE ROLE keycloak_ci LOGIN PASSWORD 'keycloak_ci'"
  fi
  psql_admin -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)"
  psql_admin -c "CREATE DATABASE $1 OWNER keycloak_ci"
}

start_mariadb() {
  mariadb-admin -h 127.0.0.1 -u root ping >/dev/null 2>&1 && return 0
  [[ -x /usr/sbin/mariadbd && $EUID -eq 0 ]] || {
    echo "MariaDB is not running on 127.0.0.1:3306: start it (sudo systemctl start mariadb)." >&2; return 1
  }
  mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld 2>/dev/null || true
  start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd
  for _ in $(seq 30); do mariadb-admin -h 127.0.0.1 -u root ping >/dev/null 2>&1 && return 0; sleep 1; done
  echo "MariaDB did not start" >&2; return 1
}

# A new, empty MariaDB database that keycloak_ci may use.
fresh_mariadb_database() { # name
  mariadb -h 127.0.0.1 -u root <<SQL
DROP DATABASE IF EXISTS $1;
CREATE DATABASE $1 CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER IF NOT EXISTS 'keycloak_ci'@'%' IDENTIFIED BY 'keycloak_ci';
CREATE USER IF NOT EXISTS 'keycloak_ci'@'localhost' IDENTIFIED BY 'keycloak_ci';
GRANT ALL PRIVILEGES ON $1.* TO 'keycloak_ci'@'%';
GRANT ALL PRIVILEGES ON $1.* TO 'keycloak_ci'@'localhost';
FLUSH PRIVILEGES;
SQL
}
