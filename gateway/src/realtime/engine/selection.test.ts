import { Kind, parse, type FieldNode, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { LruCache } from './lru';
import { selectsOnlyKeys } from './selection';

function keysOnly(source: string): boolean {
  const document = parse(source);
  const fragments = new Map<string, FragmentDefinitionNode>();
  let operation: OperationDefinitionNode | undefined;
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    if (definition.kind === Kind.OPERATION_DEFINITION) operation = definition;
  }
  return selectsOnlyKeys(operation!.selectionSet.selections[0] as FieldNode, fragments);
}

describe('selectsOnlyKeys', () => {
  it.each([
    ['subscription { postActivity(postId: "p") { kind } }', true],
    ['subscription { postActivity(postId: "p") { __typename kind post { id __typename } comment { id } } }', true],
    ['subscription { postActivity(postId: "p") { kind ...K } } fragment K on PostActivity { post { ... on Post { id } } }', true],
    ['subscription { postActivity(postId: "p") { kind post { id body } } }', false],
    ['subscription { postActivity(postId: "p") { comment { author { id } } } }', false],
    ['subscription { postActivity(postId: "p") { kind ...K } } fragment K on PostActivity { post { commentCount } }', false],
    ['subscription { postActivity(postId: "p") { kind post { id ... @include(if: false) { body } } } }', false],
    ['subscription { feedItemAdded { id } }', false],
  ])('%s → %s', (source, expected) => {
    expect(keysOnly(source)).toBe(expected);
  });
});

describe('LruCache', () => {
  it('keeps the most recently used entries within its capacity', () => {
    const cache = new LruCache<string, number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1);
    cache.set('c', 3);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe(1);
    expect(cache.get('c')).toBe(3);
    expect(cache.size).toBe(2);
  });
});
