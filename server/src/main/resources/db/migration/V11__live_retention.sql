-- The live event log is for delivery and resume, not the record (messages are the record), so old
-- events are pruned. `pruned_through` is the newest event id removed: a device resuming from an
-- older id is told to refetch instead of being handed a backlog with holes in it.
CREATE TABLE live_retention (
  singleton      boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  pruned_through bigint NOT NULL DEFAULT 0
);
INSERT INTO live_retention DEFAULT VALUES;

CREATE INDEX live_event_created_idx ON live_event (created_at);

-- Pruning removes an event with its deliveries.
ALTER TABLE live_delivery DROP CONSTRAINT live_delivery_event_id_fkey,
  ADD CONSTRAINT live_delivery_event_id_fkey FOREIGN KEY (event_id) REFERENCES live_event (id) ON DELETE CASCADE;
CREATE INDEX live_delivery_event_idx ON live_delivery (event_id);
