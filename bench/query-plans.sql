-- The reading queries as the repositories send them (parameters filled in by query-plans.sh).
-- :account, :inbox, :cursor_at, :cursor_id, :word and :rare are substituted before running.
-- 1. list page 1, conversation view
EXPLAIN ANALYZE select m.id, m.subject, m.received_at from message m where m.folder_id = :inbox and m.account_id = :account and m.thread_head = true and m.received_at <= :top_at and (m.received_at < :top_at or m.id < 9223372036854775807) order by m.folder_id, m.thread_head, m.received_at desc, m.id desc limit 51;
-- 2. a deep page, conversation view (keyset)
EXPLAIN ANALYZE select m.id, m.subject, m.received_at from message m where m.folder_id = :inbox and m.account_id = :account and m.thread_head = true and m.received_at <= :cursor_at and (m.received_at < :cursor_at or m.id < :cursor_id) order by m.folder_id, m.thread_head, m.received_at desc, m.id desc limit 51;
-- 3. list page 1, messages
EXPLAIN ANALYZE select m.id, m.subject, m.received_at from message m where m.folder_id = :inbox and m.account_id = :account and m.received_at <= :top_at and (m.received_at < :top_at or m.id < 9223372036854775807) order by m.folder_id, m.received_at desc, m.id desc limit 51;
-- 4. search one body word
EXPLAIN ANALYZE select m.id, m.subject from (select t0.received_at, t0.message_id from search_token t0 where t0.account_id = :account and t0.token = :word and (select 1 from message m where m.id = t0.message_id and m.account_id = :account) = 1 and t0.received_at <= :top_at and (t0.received_at < :top_at or t0.message_id < 9223372036854775807) order by t0.account_id, t0.token, t0.received_at desc, t0.message_id desc limit 51) h join message m on m.id = h.message_id order by h.received_at desc, h.message_id desc;
-- 5. search a rare word and a common one
EXPLAIN ANALYZE select m.id, m.subject from (select t0.received_at, t0.message_id from search_token t0 where t0.account_id = :account and t0.token = :rare and (select 1 from search_token tx where tx.account_id = :account and tx.token = :word and tx.received_at = t0.received_at and tx.message_id = t0.message_id) = 1 and (select 1 from message m where m.id = t0.message_id and m.account_id = :account) = 1 and t0.received_at <= :top_at and (t0.received_at < :top_at or t0.message_id < 9223372036854775807) order by t0.account_id, t0.token, t0.received_at desc, t0.message_id desc limit 51) h join message m on m.id = h.message_id order by h.received_at desc, h.message_id desc;
-- 6. thread counts of a page (ids of 50 threads)
EXPLAIN ANALYZE select thread_id, count(*), sum(case when seen then 0 else 1 end) from message where account_id = :account and thread_id in (select thread_id from message where folder_id = :inbox and thread_head = true order by folder_id, thread_head, received_at desc, id desc limit 50) group by thread_id;
-- 7. unread counts: the folder rows
EXPLAIN ANALYZE select id, name, unread_count, total_count from folder where account_id = :account;
