import { mkdir, open, readFile, rename } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { LearningSchema, type Learning } from "../../core/learnings/learning.js";
import type { LearningStore } from "../../core/learnings/learning-store.js";
import type { Logger } from "../../core/ports.js";

export const LEARNINGS_FILE = "learnings.json";

const FileSchema = z.object({
  version: z.literal(1),
  /** repository key → learnings */
  repositories: z.record(z.string(), z.array(z.unknown())),
  /** once-key → epoch ms it expires at */
  once: z.record(z.string(), z.number()),
});

interface Contents {
  repositories: Map<string, Learning[]>;
  once: Map<string, number>;
}

export interface FileStoreOptions {
  /** DATA_DIR: created when missing. */
  readonly dataDir: string;
  readonly log: Logger;
  /** Epoch ms; Date.now unless a test fixes it. */
  readonly now?: () => number;
}

function learningsOf(raw: readonly unknown[], log: Logger, repository: string): Learning[] {
  const kept: Learning[] = [];
  for (const entry of raw) {
    const parsed = LearningSchema.safeParse(entry);
    if (parsed.success) kept.push(parsed.data);
    else log.warn({ repository, problem: parsed.error.message }, "unreadable learning in the data file skipped");
  }
  return kept;
}

/**
 * The embedded store: one JSON file in DATA_DIR, read once and rewritten whole after each change (to a temporary
 * file, synced, then renamed over the old one, so a crash leaves the old or the new file, never half of one).
 * Every operation runs in turn on one promise chain, so concurrent jobs in this process never lose each other's
 * writes. Several processes must not share the file: with more than one replica, set REDIS_URL.
 */
export function createFileLearningStore(options: FileStoreOptions): LearningStore {
  const { dataDir, log } = options;
  const now = options.now ?? Date.now;
  const path = join(dataDir, LEARNINGS_FILE);
  let loaded: Promise<Contents> | undefined;
  let turn: Promise<unknown> = Promise.resolve();

  const load = async (): Promise<Contents> => {
    await mkdir(dataDir, { recursive: true });
    let text: string;
    try {
      text = await readFile(path, "utf8");
    } catch (error) {
      if (typeof error === "object" && error !== null && "code" in error && error.code === "ENOENT") return { repositories: new Map(), once: new Map() };
      throw error;
    }
    let parsed: z.infer<typeof FileSchema>;
    try {
      parsed = FileSchema.parse(JSON.parse(text));
    } catch (error) {
      // Kept beside the new file for a person to look at; the app carries on with an empty store.
      const aside = `${path}.unreadable-${now()}`;
      await rename(path, aside);
      log.error({ err: error, path, movedTo: aside }, "the learnings file could not be read; it was moved aside and learning starts afresh");
      return { repositories: new Map(), once: new Map() };
    }
    const repositories = new Map(Object.entries(parsed.repositories).map(([repository, raw]) => [repository, learningsOf(raw, log, repository)]));
    return { repositories, once: new Map(Object.entries(parsed.once)) };
  };

  const persist = async (contents: Contents): Promise<void> => {
    const at = now();
    for (const [key, expires] of contents.once) if (expires <= at) contents.once.delete(key);
    const json = JSON.stringify({
      version: 1,
      repositories: Object.fromEntries([...contents.repositories].filter(([, list]) => list.length > 0)),
      once: Object.fromEntries(contents.once),
    });
    const temporary = `${path}.${process.pid}.tmp`;
    const handle = await open(temporary, "w");
    try {
      await handle.writeFile(json, "utf8");
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  };

  /** Runs `operation` after every earlier one has finished, on the loaded contents. */
  const inTurn = <T>(operation: (contents: Contents) => Promise<T>): Promise<T> => {
    const result = turn.then(async () => {
      // A failed load (DATA_DIR not writable, say) is tried again by the next operation.
      loaded ??= load().catch((error: unknown) => {
        loaded = undefined;
        throw error;
      });
      return operation(await loaded);
    });
    turn = result.catch(() => undefined);
    return result;
  };

  return {
    list: (repository) => inTurn(async (contents) => [...(contents.repositories.get(repository) ?? [])]),

    save: (repository, learning) =>
      inTurn(async (contents) => {
        const others = (contents.repositories.get(repository) ?? []).filter((entry) => entry.id !== learning.id);
        contents.repositories.set(repository, [...others, learning]);
        await persist(contents);
      }),

    forget: (repository, id) =>
      inTurn(async (contents) => {
        const list = contents.repositories.get(repository) ?? [];
        const found = list.find((entry) => entry.id === id);
        if (found === undefined) return undefined;
        contents.repositories.set(repository, list.filter((entry) => entry !== found));
        await persist(contents);
        return found;
      }),

    firstTime: (key, ttlSeconds) =>
      inTurn(async (contents) => {
        const expires = contents.once.get(key);
        if (expires !== undefined && expires > now()) return false;
        contents.once.set(key, now() + ttlSeconds * 1000);
        await persist(contents);
        return true;
      }),

    close: () => inTurn(async () => undefined),
  };
}
