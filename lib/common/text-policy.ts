/**
 * One policy for everything people type: what text the app stores, and how text is shown where it
 * cannot be trusted to render safely (a terminal). Pure, so the server and the browser's forms run
 * the very same checks.
 *
 * Refused everywhere:
 *  - C0 and C1 control characters and DEL (U+0000–U+001F, U+007F–U+009F): Postgres refuses NUL,
 *    and the rest move a terminal's cursor, ring its bell or start escape sequences (U+009B is a
 *    one-character CSI). Free text keeps tab and line feed (a reason is typed in a textarea);
 *    CR LF and a lone CR become LF first.
 *  - Bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): they reorder how the
 *    text around them is displayed, so what a reader sees is not what was stored ("Trojan Source").
 *  - Line and paragraph separators (U+2028, U+2029): line breaks that escape a one-line display
 *    and that older JavaScript parsers treat as line terminators.
 *  - Lone surrogates: not text. UTF-8 decoding (request bodies) cannot produce them, but a string
 *    built in JavaScript can.
 *  - Text that is empty once whitespace and invisible characters are removed.
 * Allowed in free text: zero-width joiners and non-joiners (emoji sequences, Persian, Indic
 * scripts) and the direction marks U+200E, U+200F, U+061C (Arabic and Hebrew text needs them; they
 * only set the direction of neutral characters next to them, and cannot reverse a run).
 * Names (usernames): also no format character at all (`\p{Cf}`: marks, zero-width characters, soft
 * hyphen, BOM), so two names that look the same are the same name.
 */

export type TextKind = "name" | "freeText";

export interface TextRules {
  kind: TextKind;
  maxLength: number;
}

type TextProblem =
  { kind: "empty" } | { kind: "tooLong"; maxLength: number } | { kind: "character"; codePoint: string; name: string };

export type TextCheck = { ok: true; text: string } | { ok: false; problem: TextProblem };

const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/u;
const SEPARATORS = /[\u2028\u2029]/u;
const SURROGATE = /\p{Cs}/u;
/** Every control character but tab and line feed (CR is turned into LF before this check). */
const FREE_TEXT_CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/u;
const NAME_FORBIDDEN = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/u;
/**
 * Characters that show nothing: whitespace, format characters (zero-width space, joiners, word
 * joiner, BOM, soft hyphen, marks), the combining grapheme joiner, Hangul fillers, the braille
 * blank, variation selectors. Text made only of these is empty.
 */
const INVISIBLE = /[\s\p{Cf}\u034f\u115f\u1160\u3164\uffa0\u2800\ufe00-\ufe0f\u{e0100}-\u{e01ef}]/gu;

/** Names for the characters people meet in refusals; the rest are named by their category. */
const CHARACTER_NAMES: Record<number, string> = {
  0x00: "null",
  0x07: "bell",
  0x08: "backspace",
  0x09: "tab",
  0x0a: "line feed",
  0x0d: "carriage return",
  0x1b: "escape",
  0x7f: "delete",
  0x85: "next line",
  0x9b: "control sequence introducer",
  0xad: "soft hyphen",
  0x061c: "Arabic letter mark",
  0x200b: "zero-width space",
  0x200c: "zero-width non-joiner",
  0x200d: "zero-width joiner",
  0x200e: "left-to-right mark",
  0x200f: "right-to-left mark",
  0x2028: "line separator",
  0x2029: "paragraph separator",
  0x202a: "left-to-right embedding",
  0x202b: "right-to-left embedding",
  0x202c: "pop directional formatting",
  0x202d: "left-to-right override",
  0x202e: "right-to-left override",
  0x2060: "word joiner",
  0x2066: "left-to-right isolate",
  0x2067: "right-to-left isolate",
  0x2068: "first strong isolate",
  0x2069: "pop directional isolate",
  0xfeff: "zero-width no-break space (BOM)",
};

/** `U+202E`: how a code point is named in messages and tests. */
function codePointLabel(codePoint: number): string {
  return `U+${codePoint.toString(16).toUpperCase().padStart(4, "0")}`;
}

function characterProblem(character: string): TextProblem {
  const codePoint = character.codePointAt(0)!;
  const name =
    CHARACTER_NAMES[codePoint] ??
    (/\p{Cc}/u.test(character)
      ? "control character"
      : /\p{Cs}/u.test(character)
        ? "lone surrogate"
        : "invisible formatting character");
  return { kind: "character", codePoint: codePointLabel(codePoint), name };
}

function firstMatch(text: string, ...patterns: RegExp[]): string | undefined {
  let first: { index: number; character: string } | undefined;
  for (const pattern of patterns) {
    const match = pattern.exec(text);
    if (match && (!first || match.index < first.index)) first = { index: match.index, character: match[0] };
  }
  return first?.character;
}

/**
 * Checks typed text against the policy. On success, `text` is what to store: trimmed, and for
 * free text with every line break as LF. The length is counted on that text, in UTF-16 units (as
 * a textarea's `maxLength` counts).
 */
export function checkText(value: string, { kind, maxLength }: TextRules): TextCheck {
  const text = (kind === "freeText" ? value.replace(/\r\n?/g, "\n") : value).trim();
  const forbidden =
    kind === "name"
      ? firstMatch(text, NAME_FORBIDDEN)
      : firstMatch(text, FREE_TEXT_CONTROLS, BIDI_CONTROLS, SEPARATORS, SURROGATE);
  if (forbidden !== undefined) return { ok: false, problem: characterProblem(forbidden) };
  if (text.replace(INVISIBLE, "") === "") return { ok: false, problem: { kind: "empty" } };
  if (text.length > maxLength) return { ok: false, problem: { kind: "tooLong", maxLength } };
  return { ok: true, text };
}

/** Anything that does not print as itself in a terminal: controls, format characters, separators, surrogates, unassigned and private-use code points. */
const UNPRINTABLE = /[\p{C}\p{Zl}\p{Zp}\\]/gu;

/**
 * Text for a terminal or a log line: every unprintable character (and `\` itself, so an escape in
 * the output is never ambiguous) written as a JavaScript escape, `\u202e`. Applies to anything
 * stored, including rows written before this policy existed.
 */
export function escapeUnprintable(value: string): string {
  return value.replace(UNPRINTABLE, (character) => {
    if (character === "\\") return "\\\\";
    const codePoint = character.codePointAt(0)!;
    return codePoint > 0xffff ? `\\u{${codePoint.toString(16)}}` : `\\u${codePoint.toString(16).padStart(4, "0")}`;
  });
}
