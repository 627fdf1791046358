-- Postroom schema, part 11: contact search that ignores case and accents ("Jose" finds "José",
-- "muller" finds "Müller"). folded holds name, address and note folded by the application
-- (ContactRepository.fold); rows from before this part are folded on the first search.
alter table contact add column folded varchar(2400);
