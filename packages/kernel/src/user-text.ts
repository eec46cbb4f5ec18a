import { DomainError } from './expected-error';

/**
 * The one rule for text a person typed (post and comment bodies, display names, bios, captions,
 * album and circle names, file names): what no field may contain, whatever its own length rules.
 *
 * - CONTROL_CHARACTER: C0 (U+0000–U+001F), DEL (U+007F) and C1 (U+0080–U+009F) controls. A
 *   multi-line field (bodies, bio, caption) allows `\n` and `\t`; `\r\n` is first folded to `\n`
 *   (what a Windows textarea sends), a lone `\r` is refused.
 * - BIDI_CONTROL: the embedding/override/isolate characters U+202A–U+202E and U+2066–U+2069. They
 *   reorder what follows them (the "Trojan source" trick: a name that reads differently from what
 *   it is). The marks U+200E/U+200F (LRM/RLM) and U+061C (ALM) are allowed: they reorder nothing
 *   beyond their own neighbourhood, right-to-left writers need them around numbers and
 *   punctuation, and they are harmless in a single field. They still count as invisible below.
 * - INVISIBLE_TEXT: text that is empty once every default-ignorable code point (zero-width
 *   spaces and joiners, U+2060, U+FEFF, U+00AD, U+180E, variation selectors, Hangul fillers, tag
 *   characters, …, the Unicode property Default_Ignorable_Code_Point), U+2800 and whitespace are
 *   removed, while it was not already blank. (Blank text is each field's own rule: required
 *   fields refuse it, optional ones treat it as cleared.)
 *
 * The accepted text is returned NFC-normalised, so the same letters typed differently are stored
 * the same way (lengths are then counted on what is stored).
 */
export type UserTextProblem = 'CONTROL_CHARACTER' | 'BIDI_CONTROL' | 'INVISIBLE_TEXT';

export interface UserTextOptions {
  /** A multi-line field: `\n` and `\t` are allowed. Default false. */
  multiline?: boolean;
}

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_SINGLE_LINE = /[\u0000-\u001F\u007F-\u009F]/u;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_MULTI_LINE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/u;
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/u;
const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\u2800\s]/gu;

export const USER_TEXT_MESSAGES: Readonly<Record<UserTextProblem, string>> = {
  CONTROL_CHARACTER: 'Must not contain control characters',
  BIDI_CONTROL: 'Must not contain bidirectional override, embedding or isolate characters',
  INVISIBLE_TEXT: 'Must not consist only of invisible characters',
};

/** Folds `\r\n` to `\n` in multi-line text, then NFC. What the checks and the store see. */
export function normalizeUserText(value: string, options: UserTextOptions = {}): string {
  const folded = options.multiline ? value.replace(/\r\n/g, '\n') : value;
  return folded.normalize('NFC');
}

/** The first problem the (already normalised) text has, or undefined when it is acceptable. */
export function userTextProblem(value: string, options: UserTextOptions = {}): UserTextProblem | undefined {
  if ((options.multiline ? CONTROL_MULTI_LINE : CONTROL_SINGLE_LINE).test(value)) return 'CONTROL_CHARACTER';
  if (BIDI_CONTROL.test(value)) return 'BIDI_CONTROL';
  // Blank = only whitespace; U+FEFF is whitespace to JavaScript but an invisible character here.
  const blank = value.replace(/\s/gu, '').length === 0 && !value.includes('\uFEFF');
  if (!blank && value.replace(INVISIBLE, '').length === 0) return 'INVISIBLE_TEXT';
  return undefined;
}

/**
 * Normalises and checks `value`; throws BAD_USER_INPUT with reason `<CONTEXT>.<PROBLEM>` (e.g.
 * `POSTS.BIDI_CONTROL`) and `field`. For domain code that validates without zod.
 */
export function requireUserText(value: string, where: { context: string; field: string } & UserTextOptions): string {
  const text = normalizeUserText(value, where);
  const problem = userTextProblem(text, where);
  if (problem) {
    throw new DomainError(
      'BAD_USER_INPUT',
      `${where.context.toUpperCase()}.${problem}`,
      `${where.field}: ${USER_TEXT_MESSAGES[problem]}`,
      where.field,
    );
  }
  return text;
}

/** The part of zod's refinement context this needs (kernel depends on nothing). */
export interface UserTextIssueSink {
  addIssue(issue: { code: 'custom'; message: string; params: { reason: UserTextProblem }; input: string }): void;
}

/**
 * For zod schemas: `z.string().transform(normalizeUserText).superRefine(refineUserText())`. The
 * issue carries `params.reason`, which the command pipeline's parseInput turns into
 * `extensions.reason` `<CONTEXT>.<PROBLEM>` (instead of `<CONTEXT>.INVALID_INPUT`).
 */
export function refineUserText(options: UserTextOptions = {}): (value: string, ctx: UserTextIssueSink) => void {
  return (value, ctx) => {
    const problem = userTextProblem(value, options);
    if (problem) ctx.addIssue({ code: 'custom', message: USER_TEXT_MESSAGES[problem], params: { reason: problem }, input: value });
  };
}
