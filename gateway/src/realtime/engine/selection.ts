import { Kind, type FieldNode, type FragmentDefinitionNode, type SelectionSetNode } from 'graphql';

/** What a key-only selection may ask under a subscription's root field (API.md, DELETED). */
const ROOT_ALLOWED = new Set(['__typename', 'kind', 'post', 'comment']);
const ENTITY_ALLOWED = new Set(['__typename', 'id']);

/**
 * True when the selection under the root field needs nothing but `kind`, `__typename` and the
 * `id` (and `__typename`) of `post` / `comment`: what still resolves once a post is deleted, so
 * an `end` delivery's last value can be sent to it. Fragments are followed; `@skip`/`@include`
 * are ignored (a field that might be asked counts as asked).
 */
export function selectsOnlyKeys(root: FieldNode, fragments: ReadonlyMap<string, FragmentDefinitionNode>): boolean {
  if (!root.selectionSet) return true;
  return fieldsOf(root.selectionSet, fragments).every((field) => {
    const name = field.name.value;
    if (!ROOT_ALLOWED.has(name)) return false;
    if (name !== 'post' && name !== 'comment') return true;
    return !field.selectionSet || fieldsOf(field.selectionSet, fragments).every((inner) => ENTITY_ALLOWED.has(inner.name.value));
  });
}

/** The fields of a selection set with inline fragments and fragment spreads flattened. */
export function fieldsOf(
  selectionSet: SelectionSetNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  visited: Set<string> = new Set(),
): FieldNode[] {
  const fields: FieldNode[] = [];
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) fields.push(selection);
    else if (selection.kind === Kind.INLINE_FRAGMENT) fields.push(...fieldsOf(selection.selectionSet, fragments, visited));
    else {
      const name = selection.name.value;
      const fragment = fragments.get(name);
      // Validation rejects unknown and cyclic fragments; the guard keeps this total anyway.
      if (!fragment || visited.has(name)) continue;
      visited.add(name);
      fields.push(...fieldsOf(fragment.selectionSet, fragments, visited));
    }
  }
  return fields;
}
