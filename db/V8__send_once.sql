-- Postroom schema, part 8: a webmail message is written once, when Send is pressed. Its bytes (the
-- author's copy, with Bcc; the delivered copy is the same without that field) and its envelope
-- wait in the outgoing row until the undo delay or the scheduled time has passed, so what goes out
-- is exactly what was checked, and the Sent copy is the same message. Back in Drafts, they are
-- cleared. Rows held before this version have none and are written at release, as before.
alter table outgoing add column message_bytes bytea;
alter table outgoing add column envelope_from varchar(320);
alter table outgoing add column envelope_to varchar(100000);
