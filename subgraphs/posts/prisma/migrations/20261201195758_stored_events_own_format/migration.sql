-- Data: the stream stores posts' own events, not the published contracts (hand-written, not
-- generated: the schema does not change, so `agora-prisma migrate:new` has nothing to diff).
-- Until now each row held a published contract type (`posts.post.*.v1`) and its payload; from
-- now on it holds the domain event's type (PostPublished, PostEdited, PostVisibilityChanged,
-- PostCommentsToggled, PostDeleted) and its data, without what the row's columns already say
-- (post_id, version, occurred_at). The contracts are mapped from these at the outbox only.
-- Replay reads what it read before: ids in lower case (as the contracts parse them), and
-- commentsDisabled false for a publish from before the setting. Event ids do not change; the
-- outbox keeps its envelopes (what was published stays published).
-- Stop every process of the old version before this runs: it cannot replay the new rows.

-- Refuse (and roll back) rather than leave a row that would not replay.
DO $$
DECLARE
  bad record;
BEGIN
  SELECT e."post_id", e."version", e."type" INTO bad
  FROM "post_event" e
  WHERE NOT (
       (e."type" = 'posts.post.published.v1'
          AND e."payload" ?& ARRAY['authorId', 'body', 'visibility', 'circleIds'] AND jsonb_typeof(e."payload"->'circleIds') = 'array')
    OR (e."type" = 'posts.post.edited.v1' AND e."payload" ?& ARRAY['authorId', 'body'])
    OR (e."type" IN ('posts.post.visibility-changed.v1', 'posts.post.comments-toggled.v1')
          AND e."payload" ?& ARRAY['authorId', 'visibility', 'circleIds', 'commentsDisabled'] AND jsonb_typeof(e."payload"->'circleIds') = 'array')
    OR (e."type" = 'posts.post.deleted.v1' AND e."payload" ? 'authorId')
  )
  LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'post_event %@% (%): not a posts.post.*.v1 row this migration can convert', bad."post_id", bad."version", bad."type";
  END IF;
END $$;

-- Ids in lower case (circle ids in their order), as the contracts parse them.
UPDATE "post_event" SET
  "type" = 'PostPublished',
  "payload" = jsonb_build_object(
    'authorId', lower("payload"->>'authorId'),
    'body', "payload"->'body',
    'visibility', "payload"->'visibility',
    'circleIds', (SELECT COALESCE(jsonb_agg(lower(c.id) ORDER BY c.n), '[]'::jsonb)
                    FROM jsonb_array_elements_text("payload"->'circleIds') WITH ORDINALITY AS c(id, n)),
    'commentsDisabled', COALESCE("payload"->'commentsDisabled', 'false'::jsonb))
WHERE "type" = 'posts.post.published.v1';

UPDATE "post_event" SET
  "type" = 'PostEdited',
  "payload" = jsonb_build_object('authorId', lower("payload"->>'authorId'), 'body', "payload"->'body')
WHERE "type" = 'posts.post.edited.v1';

UPDATE "post_event" SET
  "type" = CASE "type" WHEN 'posts.post.visibility-changed.v1' THEN 'PostVisibilityChanged' ELSE 'PostCommentsToggled' END,
  "payload" = jsonb_build_object(
    'authorId', lower("payload"->>'authorId'),
    'visibility', "payload"->'visibility',
    'circleIds', (SELECT COALESCE(jsonb_agg(lower(c.id) ORDER BY c.n), '[]'::jsonb)
                    FROM jsonb_array_elements_text("payload"->'circleIds') WITH ORDINALITY AS c(id, n)),
    'commentsDisabled', "payload"->'commentsDisabled')
WHERE "type" IN ('posts.post.visibility-changed.v1', 'posts.post.comments-toggled.v1');

UPDATE "post_event" SET
  "type" = 'PostDeleted',
  "payload" = jsonb_build_object('authorId', lower("payload"->>'authorId'))
WHERE "type" = 'posts.post.deleted.v1';
