-- 100,000 messages in one Inbox, 40,000 threads, search tokens shaped like the benchmark's
-- ("budget" in 70% of messages, "rare0" in 0.1%, 20 other words each), for plans on PostgreSQL.
insert into account (address, display_name, password_hash, role, enabled, quota_bytes, used_bytes, created_at)
  values ('bench@example.test', 'Bench', 'x', 'USER', true, 0, 0, now());
insert into folder (account_id, name, role, total_count, unread_count, created_at)
  select 1, r, upper(r), 0, 0, now() from unnest(array['Inbox','Drafts','Sent','Archive','Junk','Trash']) r;
insert into message_blob (size_bytes, ref_count, content, created_at) values (1, 100000, '\x78'::bytea, now());
insert into mail_thread (account_id, subject_key, last_received_at)
  select 1, 'subject ' || g, now() from generate_series(1, 40000) g;
insert into message (account_id, folder_id, blob_id, thread_id, received_at, size_bytes, seen, flagged,
    answered, draft, from_address, from_name, subject, message_id, has_attachments, snippet, thread_head, indexed)
  select 1, 1, 1, 1 + (g % 40000), timestamptz '2025-01-01 00:00:00+00' + g * interval '5 minutes', 1000,
    g % 3 = 0, false, false, false, 'a@example.org', 'A', 'subject ' || (g % 40000), '<' || g || '@x>', false,
    'snippet', false, true
  from generate_series(1, 100000) g;
update message set thread_head = true where id in
  (select distinct on (thread_id) id from message order by thread_id, received_at desc, id desc);
update folder set total_count = 100000, unread_count = 66667 where id = 1;
insert into search_token select 1, 'budget', received_at, id from message where id % 10 < 7;
insert into search_token select 1, 'rare0', received_at, id from message where id % 1000 = 0;
insert into search_token select 1, 'w' || ((id * 7 + k * 13) % 500), received_at, id
  from message, generate_series(1, 20) k;
analyze message; analyze search_token; analyze folder; analyze mail_thread;
