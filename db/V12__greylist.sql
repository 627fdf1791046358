-- Postroom schema, part 12: greylisting at the MX. One row per (client network, sender, recipient)
-- triple the MX has seen while greylisting was on: first_seen starts the wait, passed_at is set
-- when the sender came back after it (from then on the triple, and that sender from that network,
-- pass at once). In the database so that every node greylists alike; rows not seen for 35 days and
-- triples never retried within a day are purged.
create table greylist (
  client_net     varchar(64)  not null,
  sender         varchar(320) not null,
  sender_domain  varchar(255) not null,
  recipient      varchar(320) not null,
  first_seen     timestamp with time zone not null,
  passed_at      timestamp with time zone,
  last_seen      timestamp with time zone not null,
  constraint greylist_pk primary key (client_net, sender, recipient)
);
create index greylist_client_sender_ix on greylist (client_net, sender, passed_at);
create index greylist_domain_ix on greylist (sender_domain, passed_at);
create index greylist_last_seen_ix on greylist (last_seen);
