import { randomUUID } from "node:crypto";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { createFileLearningStore, LEARNINGS_FILE } from "../../../src/adapters/learnings/file-store.js";
import { createMemoryLearningStore } from "../../../src/adapters/learnings/memory-store.js";
import { openLearningStore } from "../../../src/adapters/learnings/open-store.js";
import { createRedisLearningStore } from "../../../src/adapters/learnings/redis-store.js";
import { learningFrom, type Learning } from "../../../src/core/learnings/learning.js";
import type { LearningStore } from "../../../src/core/learnings/learning-store.js";
import { startTestRedis } from "../../helpers/redis-server.js";

const log = { info: () => undefined, warn: () => undefined, error: () => undefined };
const redis = await startTestRedis();
afterAll(async () => {
  if (redis.url !== undefined) await redis.stop();
});

const lesson = (title: string, path = "src/a.ts"): Learning =>
  learningFrom({ title, path, verdict: "dismissed", source: "reaction", by: "alice", pullNumber: 7, at: "2026-01-01T00:00:00Z" });

const opened: LearningStore[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const store of opened.splice(0)) await store.close();
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "pr-reviewer-learnings-"));
  dirs.push(dir);
  return dir;
}

type Factory = () => Promise<LearningStore>;
const backends: Array<[string, Factory | undefined]> = [
  ["memory, for one run of the Action", async () => createMemoryLearningStore()],
  ["the file in DATA_DIR", async () => createFileLearningStore({ dataDir: join(await tempDir(), "nested"), log })],
  ["Redis", redis.url === undefined ? undefined : async () => createRedisLearningStore({ redisUrl: redis.url ?? "", prefix: `test-${randomUUID()}`, log })],
];

for (const [name, factory] of backends) {
  describe.skipIf(factory === undefined)(`learning store: ${name}`, () => {
    const open = async (): Promise<LearningStore> => {
      const store = await (factory as Factory)();
      opened.push(store);
      return store;
    };

    it("keeps learnings per repository, replaces one saved again under its id, and forgets by id once", async () => {
      const store = await open();
      const a = lesson("Null entry");
      await store.save("o/r", a);
      await store.save("o/r", lesson("SQL built by concatenation"));
      await store.save("o/other", lesson("Unrelated"));
      await store.save("o/r", { ...a, verdict: "confirmed", by: "bob" });
      const listed = await store.list("o/r");
      expect(listed.map((l) => l.title).sort()).toEqual(["Null entry", "SQL built by concatenation"]);
      expect(listed.find((l) => l.id === a.id)).toMatchObject({ verdict: "confirmed", by: "bob" });
      expect(await store.forget("o/r", a.id)).toMatchObject({ id: a.id });
      expect(await store.forget("o/r", a.id)).toBeUndefined();
      expect((await store.list("o/r")).map((l) => l.title)).toEqual(["SQL built by concatenation"]);
      expect(await store.list("o/other")).toHaveLength(1);
      expect(await store.list("o/none")).toEqual([]);
    });

    it("answers firstTime true once per key", async () => {
      const store = await open();
      expect(await store.firstTime("denied:o/r#7:alice", 3600)).toBe(true);
      expect(await store.firstTime("denied:o/r#7:alice", 3600)).toBe(false);
      expect(await store.firstTime("denied:o/r#7:bob", 3600)).toBe(true);
    });

    it("loses nothing when many jobs write at once", async () => {
      const store = await open();
      const lessons = Array.from({ length: 60 }, (_, i) => lesson("Lesson", `src/dir${i}/a.ts`));
      const firsts = await Promise.all([...lessons.map((l) => store.save("o/r", l)), ...lessons.map(() => store.firstTime("same", 60))]);
      expect(firsts.filter((f) => f === true)).toHaveLength(1);
      expect(await store.list("o/r")).toHaveLength(60);
    });
  });
}

describe("the memory store", () => {
  it("lets a once-key lapse after its time", async () => {
    let now = 1_000_000;
    const store = createMemoryLearningStore(() => now);
    expect(await store.firstTime("k", 10)).toBe(true);
    now += 9_000;
    expect(await store.firstTime("k", 10)).toBe(false);
    now += 2_000;
    expect(await store.firstTime("k", 10)).toBe(true);
  });
});

describe("the file store", () => {
  it("keeps learnings and once-keys across a restart", async () => {
    const dataDir = await tempDir();
    const first = createFileLearningStore({ dataDir, log });
    await first.save("o/r", lesson("Null entry"));
    await first.firstTime("k", 3600);
    await first.close();
    const second = createFileLearningStore({ dataDir, log });
    expect((await second.list("o/r")).map((l) => l.title)).toEqual(["Null entry"]);
    expect(await second.firstTime("k", 3600)).toBe(false);
    expect(JSON.parse(await readFile(join(dataDir, LEARNINGS_FILE), "utf8"))).toMatchObject({ version: 1 });
    expect((await readdir(dataDir)).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it("lets a once-key lapse after its time", async () => {
    let now = 1_000_000;
    const store = createFileLearningStore({ dataDir: await tempDir(), log, now: () => now });
    expect(await store.firstTime("k", 10)).toBe(true);
    now += 9_000;
    expect(await store.firstTime("k", 10)).toBe(false);
    now += 2_000;
    expect(await store.firstTime("k", 10)).toBe(true);
  });

  it("moves an unreadable file aside, says so, and starts afresh; skips a single unreadable entry", async () => {
    const dataDir = await tempDir();
    await writeFile(join(dataDir, LEARNINGS_FILE), "{not json");
    const errors: string[] = [];
    const store = createFileLearningStore({ dataDir, log: { ...log, error: (_d: object, message: string) => errors.push(message) }, now: () => 42 });
    expect(await store.list("o/r")).toEqual([]);
    expect(errors).toEqual(["the learnings file could not be read; it was moved aside and learning starts afresh"]);
    expect(await readFile(join(dataDir, `${LEARNINGS_FILE}.unreadable-42`), "utf8")).toBe("{not json");

    const other = await tempDir();
    await writeFile(join(other, LEARNINGS_FILE), JSON.stringify({ version: 1, repositories: { "o/r": [lesson("Good"), { id: "bad" }] }, once: {} }));
    const warnings: string[] = [];
    const partial = createFileLearningStore({ dataDir: other, log: { ...log, warn: (_d: object, message: string) => warnings.push(message) } });
    expect((await partial.list("o/r")).map((l) => l.title)).toEqual(["Good"]);
    expect(warnings).toEqual(["unreadable learning in the data file skipped"]);
  });

  it("fails an operation when DATA_DIR cannot be made, and tries again on the next", async () => {
    const base = await tempDir();
    await writeFile(join(base, "file"), "");
    const store = createFileLearningStore({ dataDir: join(base, "file", "sub"), log });
    await expect(store.list("o/r")).rejects.toThrow();
    await expect(store.list("o/r")).rejects.toThrow();
  });

  it("is what openLearningStore gives without REDIS_URL", async () => {
    const dataDir = await tempDir();
    const store = openLearningStore({ dataDir, redisPrefix: "p" }, log);
    opened.push(store);
    await store.save("o/r", lesson("x"));
    expect(await readdir(dataDir)).toContain(LEARNINGS_FILE);
  });
});
