import { describe, expect, it } from "vitest";
import { cutMarkdown } from "../../../src/core/trust/cut-markdown.js";
import { codeText, guardCode, NO_LINKS, sanitiseMarkdown, sanitiseMarkdownLine, sanitisePlainText } from "../../../src/core/trust/sanitise-output.js";
import { HOSTILE_FORMS, INVISIBLE_TO_THE_CHECK } from "../../helpers/hostile-forms.js";
import { hostileForms, renderLikeGitHub } from "../../helpers/hostile-markdown.js";

const ZWSP = "\u200b";
const policy = { githubHost: "github.com" };
const ghe = { githubHost: "ghe.example.com:8443" };
const sanitise = (text: string): string => sanitiseMarkdown(text, policy);

describe("sanitiseMarkdown: every hostile form", () => {
  it.each(HOSTILE_FORMS)("%s: nothing pings, tracks or commands, and sanitising again changes nothing", (rule, input) => {
    if (!INVISIBLE_TO_THE_CHECK.has(rule)) expect(hostileForms(input, { host: "github.com" }).length, "the case is hostile before sanitising").toBeGreaterThan(0);
    const output = sanitise(input);
    expect(hostileForms(output, { host: "github.com", appSlug: "pr-reviewer" })).toEqual([]);
    expect(sanitise(output)).toBe(output);
  });
});

describe("sanitiseMarkdown: what it writes", () => {
  it.each([
    ["a mention gets a zero-width space after its @", "ping @octocat and @org/team", `ping @${ZWSP}octocat and @${ZWSP}org/team`],
    ["an encoded @ is decoded, then neutralised", "&#64;a &#x40;b &commat;c", `\\@${ZWSP}a \\@${ZWSP}b \\@${ZWSP}c`],
    ["a fullwidth @ becomes @ and is neutralised", "＠octocat", `@${ZWSP}octocat`],
    ["e-mail addresses stay readable", "mail a@b.example or first.last@x.example", "mail a@b.example or first.last@x.example"],
    ["code spans keep their text", "use `@Override` and `a < b`", "use `@Override` and `a < b`"],
    ["an image becomes its alt text and an inert address", "![logo](https://evil.example/l.png)", "logo (`https://evil.example/l.png`)"],
    ["a link elsewhere becomes text and an inert address", "[docs](https://evil.example/d)", "docs (`https://evil.example/d`)"],
    ["a link to the GitHub host stays", "[PR](https://github.com/o/r/pull/1)", "[PR](https://github.com/o/r/pull/1)"],
    ["an in-page anchor stays", "[below](#details)", "[below](#details)"],
    ["a bare address elsewhere becomes code, trailing punctuation outside", "see https://evil.example/x.", "see `https://evil.example/x`."],
    ["a bare address on the GitHub host stays", "see https://github.com/o/r.", "see https://github.com/o/r."],
    ["HTML is shown as text", "<b>bold</b>", "&lt;b>bold&lt;/b>"],
    ["brackets are escaped so that no reference link forms", "[a][b] [c]: x", "\\[a\\]\\[b\\] \\[c\\]: x"],
    ["a line-start command gets a backslash", "/approve\n> /lgtm", "\\/approve\n> \\/lgtm"],
    ["a closing keyword and a reference get zero-width spaces", "fixes #12", `fixes${ZWSP} #${ZWSP}12`],
    ["ordinary markdown is untouched", "**bold** _em_ ~~del~~\n\n- item\n\n## Heading", "**bold** _em_ ~~del~~\n\n- item\n\n## Heading"],
    ["a fence gets our own fence and loses a suggestion info string", "```suggestion\nx = 1\n```", "```\nx = 1\n```"],
    ["a fence keeps its language", "```ts\nconst a: Map<K, V> = new Map();\n```", "```ts\nconst a: Map<K, V> = new Map();\n```"],
    ["a fence inside a list item is written at the line start", "1. step\n   ```sh\n   npm ci\n   ```", "1. step\n```sh\nnpm ci\n```"],
    ["a command line in a fence gets a zero-width space first", "```\n/approve\n/usr/bin/env\n```", `\`\`\`\n${ZWSP}/approve\n/usr/bin/env\n\`\`\``],
    ["an ampersand stays, an entity-looking one stays text", "a & b, &amp;lt;", "a & b, &amp;lt;"],
    ["a forged marker is shown as text", "<!-- pr-reviewer:fp=00000000000000 -->", "&lt;!-- pr-reviewer:fp=00000000000000 -->"],
    ["a script tag is shown as text", "<script>alert(1)</script>", "&lt;script>alert(1)&lt;/script>"],
    ["an e-mail autolink is shown as text", "<someone@evil.example>", "&lt;someone@evil.example>"],
    ["an address spelled with entities becomes code", "h&#116;tps://evil.example/x", "`https://evil.example/x`"],
    ["a command spelled with an entity is escaped", "&#47;approve", "\\/approve"],
    ["a command behind invisible characters is escaped", "\u200b\u2060/approve", "\\/approve"],
    ["a model-written suggestion becomes plain code", "```suggestion\nrm -rf /\n```", "```\nrm -rf /\n```"],
  ] as const)("%s", (_what, input, expected) => {
    expect(sanitise(input)).toBe(expected);
  });

  it("allows links to a GitHub Enterprise host (with its port) and nowhere else", () => {
    expect(sanitiseMarkdown("[a](https://ghe.example.com:8443/o/r) [b](https://github.com/o/r)", ghe)).toBe(
      "[a](https://ghe.example.com:8443/o/r) b (`https://github.com/o/r`)",
    );
  });

  it("allows no link at all under NO_LINKS", () => {
    expect(sanitiseMarkdown("[a](https://github.com/o/r) https://github.com/x", NO_LINKS)).toBe("a (`https://github.com/o/r`) `https://github.com/x`");
  });

  it("keeps a committable suggestion's code byte for byte when it holds nothing to defuse", () => {
    const code = "if (a < b && c) {\n  // @todo: see https://evil.example\n  return `x`;\n}";
    expect(guardCode(code)).toEqual({ code, altered: false });
  });

  it("says when code had to change: a bot command at a line start, or a forged marker", () => {
    expect(guardCode("ok\n/approve")).toEqual({ code: `ok\n${ZWSP}/approve`, altered: true });
    expect(guardCode("<!-- pr-reviewer:fp=1 -->").code).toBe(`<!-- pr-reviewer${ZWSP}:fp=1 -->`);
  });

  it("renders as the reader expects: escapes are invisible on GitHub", () => {
    const html = renderLikeGitHub(sanitise("Use [x] & <y> with /path, see [docs](https://github.com/o/r)."));
    expect(html).toBe('<p>Use [x] &amp; &lt;y&gt; with /path, see <a href="https://github.com/o/r">docs</a>.</p>');
  });
});

describe("sanitiseMarkdownLine", () => {
  it("puts everything on one line with the same rules", () => {
    expect(sanitiseMarkdownLine("Title with @x\n/approve\n```\ncode\n```", policy)).toBe(`Title with @${ZWSP}x /approve \`code\``);
  });
});

describe("sanitisePlainText", () => {
  it("neutralises mentions, references, keywords, commands and outside addresses without markdown escapes", () => {
    expect(sanitisePlainText("@x fixes #1, see https://evil.example/a and https://github.com/o\n/approve", policy)).toBe(
      `@${ZWSP}x fixes${ZWSP} #${ZWSP}1, see https[:]//evil[.]example/a and https://github.com/o\n${ZWSP}/approve`,
    );
  });

  it("is idempotent", () => {
    const once = sanitisePlainText("＠a &#64;b <!-- pr-reviewer:fp=1 --> www.evil.example - /lgtm", policy);
    expect(sanitisePlainText(once, policy)).toBe(once);
  });
});

describe("codeText", () => {
  it("keeps a file name inside its code span and breaks a forged marker", () => {
    expect(codeText("a`@x`\nb<!-- pr-reviewer:summary -->")).toBe(`\`a'@x' b<!-- pr-reviewer${ZWSP}:summary -->\``);
  });
});

describe("cutMarkdown", () => {
  it("never cuts inside a code span, which would free the address it holds", () => {
    const text = `${"word ".repeat(20)}\`https://evil.example/very/long/path\``;
    const cut = cutMarkdown(text, 120);
    expect(cut.length).toBeLessThanOrEqual(120);
    expect(hostileForms(cut, { host: "github.com" })).toEqual([]);
  });

  it("reads escaped backticks as text when it looks for an open code span", () => {
    const text = `${"word ".repeat(20)}\\\` not code \\\` \`https://evil.example/${"long/".repeat(20)}path\``;
    const cut = cutMarkdown(text, 170);
    expect(cut.length).toBeLessThan(text.length);
    expect(hostileForms(cut, { host: "github.com" })).toEqual([]);
    expect(cut).toContain("not code");
    expect(cutMarkdown("short", 100)).toBe("short");
  });

  it("closes a fenced block it cut", () => {
    const cut = cutMarkdown(`intro\n\`\`\`\n${"line\n".repeat(100)}\`\`\``, 200);
    expect(cut.endsWith("\n```")).toBe(true);
    expect(cut.length).toBeLessThanOrEqual(200);
  });
});

/** A small deterministic generator, so the property-style test below is the same on every run. */
function randomSource(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

const FRAGMENTS = [
  "@", "＠", "&#64;", "&commat;", "octocat", "org/team", " ", "\n", "\n\n", "`", "``", "```", "~~~", "[", "]", "(", ")", "!", "<", ">",
  "https://", "evil.example", "github.com", "/", "approve", "fixes", " #", "12", "\\", "&", "amp;", "*", "_", "- ", "> ", "1. ",
  "javascript:", "www.", "<!--", "-->", "pr-reviewer:", "\u200b", "\u202e", "|", ":", "\"", "'",
];

describe("sanitising is idempotent and leaves nothing hostile, whatever the input", () => {
  it("holds for 400 random compositions of hostile fragments", () => {
    const random = randomSource(20_261_201);
    for (let round = 0; round < 400; round += 1) {
      const length = 1 + Math.floor(random() * 40);
      const input = Array.from({ length }, () => FRAGMENTS[Math.floor(random() * FRAGMENTS.length)] ?? "").join("");
      const output = sanitise(input);
      expect(sanitise(output), JSON.stringify(input)).toBe(output);
      expect(hostileForms(output, { host: "github.com" }), JSON.stringify(input)).toEqual([]);
    }
  });
});
