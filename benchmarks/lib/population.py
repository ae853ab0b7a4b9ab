"""Loads many users, organizations, memberships and organization roles into a realm on PostgreSQL by bulk SQL, in
seconds where Keycloak's admin API needs minutes or hours (adding a member costs Keycloak one query per organization
the user already belongs to).

The realm is first created through the admin API with one template user and one template organization; the SQL copies
their rows, so password hashes, group shapes and the pack's template roles are Keycloak's own. Ids are md5-derived
UUIDs of a prefix and a number, so rows refer to each other without look-ups. User i (named user<i>@scale.test) belongs
to the organizations (i * per_user + k) mod organizations for k < per_user, aliases scale-<j>; in a realm with tenancy
it holds the template role `member` and each of the organization's own roles there."""

import json
import os
import subprocess

from lib.kcbench import public_client, user

PASSWORD = "scale"
CLIENT = "bench-cli"
TEMPLATE_USER = "template@scale.test"


def username(i):
    return f"user{i}@scale.test"


class Psql:
    """psql against the database the Keycloak under test uses (benchmarks/run --postgres sets KC_BENCH_DATABASE)."""

    dialect = "postgres"

    def __init__(self, database=None):
        database = database or os.environ.get("KC_BENCH_DATABASE")
        if not database:
            raise SystemExit("this needs Keycloak on PostgreSQL: run it with benchmarks/run --postgres")
        self.command = ["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-U", "postgres",
                        "-d", database]

    def run(self, sql):
        result = subprocess.run(self.command, input=sql, capture_output=True, text=True)
        if result.returncode != 0:
            raise RuntimeError(f"psql failed: {result.stderr.strip()}")
        return result.stdout.strip()


class H2Sql:
    """H2's own script runner against the demo's H2 database while Keycloak uses it: benchmarks/run starts the demo's
    Keycloak with AUTO_SERVER=TRUE on H2 and sets KC_BENCH_H2 to that JDBC URL; the H2 jar is Keycloak's."""

    dialect = "h2"

    def __init__(self):
        self.url = os.environ.get("KC_BENCH_H2")
        if not self.url:
            raise SystemExit("this needs the demo's Keycloak on H2 started by benchmarks/run --h2")
        self.jar = os.environ["KC_BENCH_H2_JAR"]

    def run(self, sql):
        result = subprocess.run(["java", "-cp", self.jar, "org.h2.tools.RunScript", "-url", self.url, "-user", "bench",
                                 "-password", "bench", "-script", "/dev/stdin"],
                                input=sql, capture_output=True, text=True)
        if result.returncode != 0:
            raise RuntimeError(f"H2's RunScript failed: {(result.stderr or result.stdout).strip()}")
        return result.stdout.strip()


def bulk_sql_runner():
    """The runner for the database of the Keycloak under test, or None where it cannot be loaded by SQL."""
    if os.environ.get("KC_BENCH_DATABASE"):
        return Psql()
    if os.environ.get("KC_BENCH_H2"):
        return H2Sql()
    return None


def _uuid(dialect, text):
    """A UUID made from an md5 of the text, in the database's own SQL."""
    if dialect == "h2":
        return f"cast(cast(hash('MD5', {text}) as uuid) as varchar)"
    return f"md5({text})::uuid::text"


def template_realm(name, tenancy, own_roles):
    representation = {
        "realm": name, "enabled": True, "sslRequired": "none", "organizationsEnabled": True,
        "users": [user(TEMPLATE_USER, PASSWORD)],
        "clients": [public_client(CLIENT)],
        "organizations": [{"name": "Template", "alias": "template", "enabled": True,
                           "members": [{"username": TEMPLATE_USER, "membershipType": "UNMANAGED"}]}],
    }
    if tenancy:
        data = {"organizations": [{"alias": "template",
                                   "roles": [{"name": r, "permissions": [f"documents:{r}"]} for r in own_roles],
                                   "members": [{"username": TEMPLATE_USER, "roles": ["member", *own_roles]}]}]}
        representation["attributes"] = {"tenancy.enabled": "true", "tenancy.import": json.dumps(data)}
    return representation


def load_sql(realm_name, prefix, users, organizations, per_user, tenancy, own_roles, dialect="postgres"):
    # each row's id, an md5 of a prefix and its numbers (i: user, j: organization, k: a user's k-th membership,
    # n: role)
    user_i = _uuid(dialect, f"'{prefix}u' || i")
    credential_i = _uuid(dialect, f"'{prefix}c' || i")
    organization_j = _uuid(dialect, f"'{prefix}o' || j")
    group_j = _uuid(dialect, f"'{prefix}g' || j")
    domain_j = _uuid(dialect, f"'{prefix}d' || j")
    group_of_membership = _uuid(dialect, f"'{prefix}g' || ((i * {per_user} + k) % {organizations})")
    role_jn = _uuid(dialect, f"'{prefix}r' || j || '-' || n")
    assignment_ikn = _uuid(dialect, f"'{prefix}a' || i || '-' || k || '-' || n")
    organization_of_membership = _uuid(dialect, f"'{prefix}o' || ((i * {per_user} + k) % {organizations})")
    role_of_membership = _uuid(dialect, f"'{prefix}r' || ((i * {per_user} + k) % {organizations}) || '-' || n")

    sql = f"""
        create local temporary table t as select
          (select id from realm where name = '{realm_name}') as realm_id,
          (select u.id from user_entity u join realm r on r.id = u.realm_id
             where r.name = '{realm_name}' and u.username = '{TEMPLATE_USER}') as user_id,
          (select o.group_id from org o join realm r on r.id = o.realm_id
             where r.name = '{realm_name}' and o.alias = 'template') as group_id,
          cast(extract(epoch from now()) * 1000 as bigint) as now_ms;
        insert into user_entity (id, email, email_constraint, email_verified, enabled, first_name, last_name, realm_id,
                                 username, created_timestamp, not_before, last_modified_timestamp)
          select {user_i}, 'user' || i || '@scale.test', 'user' || i || '@scale.test', true,
                 true, 'Scale', 'User ' || i, t.realm_id, 'user' || i || '@scale.test', t.now_ms, 0, t.now_ms
          from generate_series(1, {users}) as i(i), t;
        insert into credential (id, salt, type, user_id, created_date, user_label, secret_data, credential_data,
                                priority, version)
          select {credential_i}, c.salt, c.type, {user_i}, c.created_date,
                 null, c.secret_data, c.credential_data, c.priority, c.version
          from generate_series(1, {users}) as i(i), t join credential c on c.user_id = t.user_id;
        insert into org (id, enabled, realm_id, group_id, name, alias)
          select {organization_j}, true, t.realm_id, {group_j},
                 'scale-' || j, 'scale-' || j
          from generate_series(0, {organizations - 1}) as j(j), t;
        insert into keycloak_group (id, name, parent_group, realm_id, type, org_id, created_timestamp,
                                    last_modified_timestamp)
          select {group_j}, {organization_j}, g.parent_group, t.realm_id,
                 g.type, {organization_j}, t.now_ms, t.now_ms
          from generate_series(0, {organizations - 1}) as j(j), t join keycloak_group g on g.id = t.group_id;
        insert into org_domain (id, name, verified, org_id)
          select {domain_j}, 'scale-' || j || '.test', true, {organization_j}
          from generate_series(0, {organizations - 1}) as j(j);
        insert into user_group_membership (group_id, user_id, membership_type)
          select {group_of_membership},
                 {user_i}, 'UNMANAGED'
          from generate_series(1, {users}) as i(i), generate_series(0, {per_user - 1}) as k(k);
        """
    if tenancy:
        # Role 0 is the template role `member`; role n > 0 is the organization's own role own_roles[n - 1].
        names = "array[" + ",".join(f"'{r}'" for r in own_roles) + "]"
        sql += f"""
        insert into tenancy_role (id, realm_id, organization_id, name, description, permissions, default_role,
                                  created_timestamp)
          select {role_jn}, t.realm_id, {organization_j},
                 ({names})[n], null, 'documents:' || ({names})[n], false, t.now_ms
          from generate_series(0, {organizations - 1}) as j(j), generate_series(1, {len(own_roles)}) as n(n), t;
        insert into tenancy_role_assignment (id, realm_id, organization_id, user_id, role_id, created_timestamp)
          select {assignment_ikn}, t.realm_id,
                 {organization_of_membership},
                 {user_i},
                 case n when 0 then (select id from tenancy_role where realm_id = t.realm_id
                                       and organization_id is null and name = 'member')
                        else {role_of_membership} end,
                 t.now_ms
          from generate_series(1, {users}) as i(i), generate_series(0, {per_user - 1}) as k(k),
               generate_series(0, {len(own_roles)}) as n(n), t;
        """
    return "begin;" + sql + "commit; analyze;"


def load(admin, psql, realm_name, prefix, users, organizations, per_user, tenancy, own_roles):
    """Creates the realm (replacing one of that name) and loads the population into it."""
    admin.create_realm(template_realm(realm_name, tenancy, own_roles))
    psql.run(load_sql(realm_name, prefix, users, organizations, per_user, tenancy, own_roles, psql.dialect))
    # The rows came in behind Keycloak's back: drop what its caches hold of the realm.
    admin.call("POST", f"/{realm_name}/clear-realm-cache")
    admin.call("POST", f"/{realm_name}/clear-user-cache")


def load_members_to_remove(psql, realm_name, prefix, count, organizations, tenancy):
    """Adds `count` users who belong to every organization scale-0 .. scale-(organizations-1) (named
    wide-gone<i>@scale.test) and `count` who belong to scale-0 only (narrow-gone<i>@scale.test), holding `member`
    there in a realm with tenancy: users for a benchmark to delete. Returns (wide ids, narrow ids)."""
    member_role = ("(select id from tenancy_role where realm_id = t.realm_id and organization_id is null"
                   " and name = 'member')")
    sql = f"""
        create temporary table t as select (select id from realm where name = '{realm_name}') as realm_id,
          (extract(epoch from now()) * 1000)::bigint as now_ms;
        create temporary table gone as
          select md5('{prefix}' || kind || i)::uuid::text as id, kind || '-gone' || i || '@scale.test' as name, kind
          from generate_series(1, {count}) i, (values ('wide'), ('narrow')) k(kind);
        insert into user_entity (id, email, email_constraint, email_verified, enabled, first_name, last_name, realm_id,
                                 username, created_timestamp, not_before, last_modified_timestamp)
          select g.id, g.name, g.name, true, true, 'Gone', g.name, t.realm_id, g.name, t.now_ms, 0, t.now_ms
          from gone g, t;
        create temporary table joined as
          select g.id as user_id, o.id as org_id, o.group_id
          from gone g join org o on o.realm_id = (select realm_id from t)
          where (g.kind = 'wide' and o.alias in (select 'scale-' || j from generate_series(0, {organizations - 1}) j))
             or (g.kind = 'narrow' and o.alias = 'scale-0');
        insert into user_group_membership (group_id, user_id, membership_type)
          select group_id, user_id, 'UNMANAGED' from joined;
        """
    if tenancy:
        sql += f"""
        insert into tenancy_role_assignment (id, realm_id, organization_id, user_id, role_id, created_timestamp)
          select md5('{prefix}ga' || j.user_id || j.org_id)::uuid::text, t.realm_id, j.org_id, j.user_id,
                 {member_role}, t.now_ms
          from joined j, t;
        """
    psql.run("begin;" + sql + "commit; analyze;")
    ids = {kind: [psql.run(f"select md5('{prefix}{kind}{i}')::uuid::text") for i in range(1, count + 1)]
           for kind in ("wide", "narrow")}
    return ids["wide"], ids["narrow"]
