-- Postroom schema, part 10: how the webmail looks for a user. language: 'en', 'de', or null for
-- the browser's; time_zone: an IANA name, or null for the browser's; theme: SYSTEM, LIGHT or DARK;
-- reading_pane: list and message side by side on wide screens. sent_copy: mail a user submits from
-- a mail program is also filed in their Sent folder (on unless they turn it off).
alter table mail_settings add column language varchar(10);
alter table mail_settings add column time_zone varchar(64);
alter table mail_settings add column theme varchar(10) default 'SYSTEM' not null;
alter table mail_settings add column reading_pane boolean default false not null;
alter table mail_settings add constraint mail_settings_theme_ck check (theme in ('SYSTEM', 'LIGHT', 'DARK'));
alter table mail_settings add column sent_copy boolean default true not null;
