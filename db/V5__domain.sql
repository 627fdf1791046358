-- Domain setup and deliverability: DKIM keys (the private halves live in <data.dir>/dkim/) and the
-- last DNS check report, shared by every node.

-- active: the key new mail is signed with (exactly one); the others stay listed in DNS after a
-- rotation until the admin retires them.
create table dkim_key (
  selector    varchar(63)   not null primary key,
  public_key  varchar(2000) not null,
  active      boolean       not null,
  created_at  timestamp with time zone not null
);

-- one row (id 1): the last report of the DNS checks, serialised
create table dns_report (
  id          integer not null primary key,
  checked_at  timestamp with time zone not null,
  report      bytea   not null
);

-- one row: key changes (first key, rotation) lock it, so two nodes never both make a key active
create table dkim_key_lock (
  id  integer not null primary key
);
insert into dkim_key_lock (id) values (1);
