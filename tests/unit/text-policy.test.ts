import { describe, expect, it } from "vitest";
import { checkReason } from "@/lib/common/write-contract";
import { checkText, escapeUnprintable, type TextKind } from "@/lib/common/text-policy";
import { normalizeUsername } from "@/lib/auth/accounts";

const freeText = (value: string) => checkText(value, { kind: "freeText", maxLength: 500 });
const name = (value: string) => checkText(value, { kind: "name", maxLength: 128 });
const refusedCharacter = (codePoint: string, characterName: string) => ({
  ok: false,
  problem: { kind: "character", codePoint, name: characterName },
});

/** Each refused character by name, as it sits inside otherwise ordinary text. */
const REFUSED_EVERYWHERE: [string, string, string][] = [
  ["\u0000", "U+0000", "null"],
  ["\u0007", "U+0007", "bell"],
  ["\u0008", "U+0008", "backspace"],
  ["\u001b", "U+001B", "escape"],
  ["\u000b", "U+000B", "control character"], // vertical tab
  ["\u000c", "U+000C", "control character"], // form feed
  ["\u007f", "U+007F", "delete"],
  ["\u0080", "U+0080", "control character"], // first C1 control
  ["\u0085", "U+0085", "next line"],
  ["\u009b", "U+009B", "control sequence introducer"],
  ["\u009f", "U+009F", "control character"], // last C1 control
  ["\u202a", "U+202A", "left-to-right embedding"],
  ["\u202b", "U+202B", "right-to-left embedding"],
  ["\u202c", "U+202C", "pop directional formatting"],
  ["\u202d", "U+202D", "left-to-right override"],
  ["\u202e", "U+202E", "right-to-left override"],
  ["\u2066", "U+2066", "left-to-right isolate"],
  ["\u2067", "U+2067", "right-to-left isolate"],
  ["\u2068", "U+2068", "first strong isolate"],
  ["\u2069", "U+2069", "pop directional isolate"],
  ["\u2028", "U+2028", "line separator"],
  ["\u2029", "U+2029", "paragraph separator"],
  ["\ud800", "U+D800", "lone surrogate"],
  ["\udfff", "U+DFFF", "lone surrogate"],
];

describe("checkText: refused in every kind of text", () => {
  // Titles name the character, never print it: a raw U+202E would reorder the test report itself.
  it.each(REFUSED_EVERYWHERE.map(([character, codePoint, characterName]) => ({ character, codePoint, characterName })))(
    "$codePoint ($characterName)",
    ({ character, codePoint, characterName }) => {
      for (const kind of ["name", "freeText"] as TextKind[]) {
        expect(checkText(`abc${character}def`, { kind, maxLength: 500 })).toEqual(
          refusedCharacter(codePoint, characterName),
        );
      }
    },
  );

  it("names the first refused character when there are several", () => {
    expect(freeText("a\u202eb\u0007c")).toEqual(refusedCharacter("U+202E", "right-to-left override"));
    expect(freeText("a\u0007b\u202ec")).toEqual(refusedCharacter("U+0007", "bell"));
  });
});

/** Characters that show nothing: text made only of them (and whitespace) is empty. */
const INVISIBLE: [string, string][] = [
  ["\u200b", "zero-width space"],
  ["\u200c", "zero-width non-joiner"],
  ["\u200d", "zero-width joiner"],
  ["\u2060", "word joiner"],
  ["\ufeff", "zero-width no-break space (BOM)"],
  ["\u00ad", "soft hyphen"],
  ["\u200e", "left-to-right mark"],
  ["\u200f", "right-to-left mark"],
  ["\u061c", "Arabic letter mark"],
  ["\u034f", "combining grapheme joiner"],
  ["\u3164", "Hangul filler"],
  ["\u2800", "braille blank"],
  ["\ufe0f", "variation selector 16"],
  ["\u00a0", "no-break space"],
  ["\u3000", "ideographic space"],
];

describe("checkText: free text (a reason)", () => {
  it("keeps tab and line feed, markup, accents, emoji sequences and right-to-left text", () => {
    const text = "<img src=x onerror=alert(1)> Rücken\tschmerzen\nseit Montag 👩\u200d⚕️ شكرا\u200f";
    expect(freeText(text)).toEqual({ ok: true, text });
  });

  it("turns CR LF and a lone CR into LF, and trims", () => {
    expect(freeText("  one\r\ntwo\rthree \n")).toEqual({ ok: true, text: "one\ntwo\nthree" });
  });

  it.each(INVISIBLE.map(([character, characterName]) => ({ character, characterName })))(
    "refuses text made only of the $characterName and whitespace as empty",
    ({ character }) => {
      expect(freeText(`${character}${character} ${character}`)).toEqual({ ok: false, problem: { kind: "empty" } });
    },
  );

  it.each(INVISIBLE.map(([character, characterName]) => ({ character, characterName })))(
    "allows the $characterName inside visible text",
    ({ character }) => {
      expect(freeText(`a${character}b`)).toMatchObject({ ok: true });
    },
  );

  it("refuses an empty string and whitespace only", () => {
    expect(freeText("")).toEqual({ ok: false, problem: { kind: "empty" } });
    expect(freeText(" \n\t ")).toEqual({ ok: false, problem: { kind: "empty" } });
  });

  it("counts the length after trimming", () => {
    expect(freeText(`  ${"x".repeat(500)}  `)).toMatchObject({ ok: true });
    expect(freeText("x".repeat(501))).toEqual({ ok: false, problem: { kind: "tooLong", maxLength: 500 } });
  });
});

describe("checkText: names", () => {
  it.each(
    [
      ["\u0009", "U+0009", "tab"],
      ["\u000a", "U+000A", "line feed"],
      ["\u000d", "U+000D", "carriage return"],
      ["\u200b", "U+200B", "zero-width space"],
      ["\u200d", "U+200D", "zero-width joiner"],
      ["\u200e", "U+200E", "left-to-right mark"],
      ["\u200f", "U+200F", "right-to-left mark"],
      ["\u061c", "U+061C", "Arabic letter mark"],
      ["\u2060", "U+2060", "word joiner"],
      ["\ufeff", "U+FEFF", "zero-width no-break space (BOM)"],
      ["\u00ad", "U+00AD", "soft hyphen"],
    ].map(([character, codePoint, characterName]) => ({ character, codePoint, characterName })),
  )(
    "refuses $codePoint ($characterName) inside a name: no invisible character at all",
    ({ character, codePoint, characterName }) => {
      expect(name(`jo${character!}hn`)).toEqual(refusedCharacter(codePoint!, characterName!));
    },
  );

  it("keeps letters of any script, digits, dashes and an inner space", () => {
    expect(name("dr-patel")).toEqual({ ok: true, text: "dr-patel" });
    expect(name("José María 2")).toEqual({ ok: true, text: "José María 2" });
  });
});

describe("normalizeUsername follows the policy for names", () => {
  it.each(
    [
      ["john\u202e", "right-to-left override"],
      ["\u202enhoj", "right-to-left override at the start"],
      ["jo\u009bhn", "control sequence introducer"],
      ["jo\u2028hn", "line separator"],
      ["jo\u200bhn", "zero-width space"],
      ["\u200b\u200d", "only zero-width characters"],
      ["\u00ad", "only a soft hyphen"],
    ].map(([input, what]) => ({ input, what })),
  )("refuses a name with $what", ({ input }) => {
    expect(normalizeUsername(input)).toBeNull();
  });
});

describe("checkReason: the policy, in the words the form and the server show", () => {
  it.each(
    [
      [
        "Knee\u202e pain",
        "The reason contains a character that cannot be saved (U+202E, right-to-left override); remove it and try again.",
      ],
      [
        "Knee\u009b pain",
        "The reason contains a character that cannot be saved (U+009B, control sequence introducer); remove it and try again.",
      ],
      [
        "Knee\u2029pain",
        "The reason contains a character that cannot be saved (U+2029, paragraph separator); remove it and try again.",
      ],
      ["\u200b\u200b\u200b", "Say briefly what the appointment is for."],
    ].map(([reason, message]) => [message!, reason!] as const),
  )("%s", (message, reason) => {
    expect(checkReason(reason)).toEqual({ ok: false, message });
  });

  it("gives the text to store", () => {
    expect(checkReason(" Knee\r\npain ")).toEqual({ ok: true, reason: "Knee\npain" });
  });
});

describe("escapeUnprintable", () => {
  it("writes U+202E, U+009B, U+0007 and every other unprintable character as an escape", () => {
    expect(escapeUnprintable("evil\u202eexe.txt\u009b31m\u0007")).toBe("evil\\u202eexe.txt\\u009b31m\\u0007");
    expect(escapeUnprintable("a\nb\tc\u2028d\u200be\ud800f\u{e0001}")).toBe(
      "a\\u000ab\\u0009c\\u2028d\\u200be\\ud800f\\u{e0001}",
    );
  });

  it("escapes the backslash itself, so a typed `\\u202e` never looks like an escaped one", () => {
    expect(escapeUnprintable("\\u202e")).toBe("\\\\u202e");
  });

  it("leaves printable text as it is: accents, right-to-left letters, emoji, spaces", () => {
    const text = "José — شكرا 👍 <b>x</b> & 100%";
    expect(escapeUnprintable(text)).toBe(text);
  });
});
