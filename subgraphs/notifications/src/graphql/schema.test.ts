import { readFileSync } from 'node:fs';
import { Kind } from 'graphql';
import { inspectSdl } from '@agora/testing';
import { describe, expect, it } from 'vitest';

const sdl = readFileSync(new URL('./schema.graphql', import.meta.url), 'utf8');
const postsSdl = readFileSync(new URL('../../../posts/src/graphql/schema.graphql', import.meta.url), 'utf8');
const { byName, signatures, printed, undescribed } = inspectSdl(sdl);

describe('schema.graphql', () => {
  it('implements the notifications section of API.md exactly', () => {
    expect(signatures('Notification')).toEqual({
      id: ': ID!',
      kind: ': NotificationKind!',
      actor: ': User!',
      post: ': Post',
      comment: ': Comment',
      createdAt: ': DateTime!',
      seen: ': Boolean!',
    });
    expect(signatures('Query')).toEqual({
      notifications: '(first: Int, after: String): NotificationConnection!',
      unseenNotificationCount: ': Int!',
      mySettings: ': Settings',
    });
    expect(signatures('Mutation')).toEqual({
      markNotificationsSeen: '(input: MarkSeenInput!): Int!',
      updateSettings: '(input: UpdateSettingsInput!): Settings!',
      unsubscribeEmail: '(input: UnsubscribeEmailInput!): Boolean!',
    });
    const settings = {
      emailOnFollow: ': Boolean!',
      emailOnComment: ': Boolean!',
      emailOnReaction: ': Boolean!',
      emailOnMention: ': Boolean!',
    };
    expect(signatures('Settings')).toEqual({ ...settings, digest: ': EmailDigest!' });
    expect(signatures('UpdateSettingsInput')).toEqual({
      ...Object.fromEntries(Object.keys(settings).map((field) => [field, ': Boolean'])),
      digest: ': EmailDigest',
    });
    expect(signatures('UnsubscribeEmailInput')).toEqual({ token: ': String!' });
    const digest = byName('EmailDigest');
    expect(digest?.kind === Kind.ENUM_TYPE_DEFINITION && digest.values?.map((v) => v.name.value)).toEqual(['NEVER', 'DAILY', 'WEEKLY']);
    expect(signatures('MarkSeenInput')).toEqual({ ids: ': [ID!]' });
    expect(signatures('NotificationConnection')).toEqual({ edges: ': [NotificationEdge!]!', pageInfo: ': PageInfo!' });
    expect(signatures('NotificationEdge')).toEqual({ cursor: ': String!', node: ': Notification!' });
    const kind = byName('NotificationKind');
    expect(kind?.kind === Kind.ENUM_TYPE_DEFINITION && kind.values?.map((v) => v.name.value)).toEqual([
      'FOLLOWED',
      'COMMENTED',
      'REPLIED',
      'REACTED',
      'MENTIONED',
    ]);
  });

  it('declares the Notification key, unresolvable stubs of the others’ entities and @auth on the signed-in root fields', () => {
    expect(printed('Notification')).toMatch(/^type Notification @key\(fields: "id"\)/m);
    for (const stub of ['User', 'Post', 'Comment']) {
      expect(printed(stub)).toMatch(new RegExp(`^type ${stub} @key\\(fields: "id", resolvable: false\\)`, 'm'));
      expect(signatures(stub)).toEqual({ id: ': ID!' });
    }
    // mySettings answers null when signed out; unsubscribeEmail is authorised by its token.
    const withoutAuth = new Set(['mySettings', 'unsubscribeEmail']);
    for (const root of ['Query', 'Mutation']) {
      const type = byName(root);
      const fields = type && 'fields' in type ? (type.fields ?? []) : [];
      expect(fields.map((f) => f.directives?.map((d) => d.name.value))).toEqual(
        fields.map((f) => (withoutAuth.has(f.name.value) ? [] : ['auth'])),
      );
    }
    expect(sdl).toMatch(/^extend schema @link\(url: "https:\/\/specs\.apollo\.dev\/federation\/v2\.7", import: \["@key", "@shareable"\]\)/);
    expect(sdl).toContain('directive @auth on FIELD_DEFINITION | OBJECT');
  });

  it('shares PageInfo and DateTime exactly as posts declares them', () => {
    const posts = inspectSdl(postsSdl);
    expect(printed('PageInfo')).toEqual(posts.printed('PageInfo'));
    expect(printed('DateTime')).toEqual(posts.printed('DateTime'));
  });

  it('describes every type, field, argument and enum value', () => {
    expect(undescribed()).toEqual([]);
  });
});
