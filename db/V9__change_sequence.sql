-- Postroom schema, part 9: a change sequence per account. Every change to a mailbox (a message
-- stored, read, flagged, answered, moved or deleted; a folder created, renamed or deleted) raises
-- the account's modseq in the same transaction, and the changed messages carry the new value;
-- deleted messages are remembered with theirs for a while. The webmail's live updates ask "what
-- changed since N", as IMAP's CONDSTORE and QRESYNC will. changed_at lets every node find the
-- accounts changed lately with one indexed query, whichever node made the change.
create table mailbox_state (
  account_id  bigint not null primary key,
  modseq      bigint not null,
  changed_at  timestamp with time zone not null,
  constraint mailbox_state_account_fk foreign key (account_id) references account (id) on delete cascade
);
create index mailbox_state_changed_ix on mailbox_state (changed_at);
insert into mailbox_state (account_id, modseq, changed_at) select id, 1, current_timestamp from account;

alter table message add column modseq bigint default 1 not null;
create index message_modseq_ix on message (account_id, modseq);

-- A message deleted for good (moved messages keep their row and get a new modseq instead).
create table message_gone (
  account_id  bigint not null,
  message_id  bigint not null,
  folder_id   bigint not null,
  thread_id   bigint,
  modseq      bigint not null,
  gone_at     timestamp with time zone not null,
  constraint message_gone_account_fk foreign key (account_id) references account (id) on delete cascade
);
create index message_gone_ix on message_gone (account_id, modseq);
create index message_gone_at_ix on message_gone (gone_at);
