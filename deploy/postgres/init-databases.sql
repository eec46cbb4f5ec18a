-- One database per bounded context (ARCHITECTURE.md §5). Run once by the postgres image on an
-- empty volume. Each context's service applies its own migrations at start-up.
CREATE DATABASE agora_identity;
CREATE DATABASE agora_profiles;
CREATE DATABASE agora_posts;
CREATE DATABASE agora_social;
CREATE DATABASE agora_comments;
CREATE DATABASE agora_reactions;
CREATE DATABASE agora_notifications;
CREATE DATABASE agora_feed;
CREATE DATABASE agora_media;
