import { memorySnapshot } from "../../../src/core/agent/memory-snapshot.js";
import type { RepositoryToolEnvironment, RepositoryToolLimits } from "../../../src/core/agent/tool-result.js";
import type { RepositorySnapshot, SnapshotFile } from "../../../src/core/ports.js";

/** Stands in for the secret-file rules: `.env*`, `*.pem`, `*.key` and `id_rsa*` are never shown. */
export function mayShow(path: string): boolean {
  const name = path.slice(path.lastIndexOf("/") + 1);
  return !(/^\.env/.test(name) || /\.(pem|key)$/.test(name) || name.startsWith("id_rsa"));
}

/** Stands in for redactSecrets: masks `sk-` tokens. */
export function redact(text: string): string {
  return text.replace(/sk-[A-Za-z0-9]{8,}/g, "[redacted]");
}

export function environment(files: Record<string, string | SnapshotFile>, limits: Partial<RepositoryToolLimits> = {}): RepositoryToolEnvironment {
  return environmentOf(memorySnapshot(new Map(Object.entries(files))), limits);
}

export function environmentOf(snapshot: RepositorySnapshot, limits: Partial<RepositoryToolLimits> = {}): RepositoryToolEnvironment {
  return { snapshot, mayShow, redact, limits };
}

/** `count` lines `line 1` … `line N`, each ending with a line break. */
export function lines(count: number, text: (n: number) => string = (n) => `line ${n}`): string {
  return Array.from({ length: count }, (_, i) => `${text(i + 1)}\n`).join("");
}
