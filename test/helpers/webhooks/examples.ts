import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { z } from "zod";

const DefinitionsSchema = z.array(
  z.looseObject({
    name: z.string(),
    examples: z.array(z.record(z.string(), z.unknown())),
  }),
);
type Definitions = z.infer<typeof DefinitionsSchema>;

let definitions: Definitions | undefined;

/** The package's main entry is a JSON file, read here rather than imported so no import attribute is needed. */
function load(): Definitions {
  if (definitions === undefined) {
    const path = createRequire(import.meta.url).resolve("@octokit/webhooks-examples/api.github.com/index.json");
    definitions = DefinitionsSchema.parse(JSON.parse(readFileSync(path, "utf8")));
  }
  return definitions;
}

/**
 * A deep copy of a real example payload for `event`/`action`, preferring one sent to an app installation
 * (those carry `installation`), as an app only ever receives those.
 */
export function examplePayload(event: string, action: string): Record<string, unknown> {
  const definition = load().find((candidate) => candidate.name === event);
  const candidates = (definition?.examples ?? []).filter((example) => example["action"] === action);
  const chosen = candidates.find((example) => "installation" in example) ?? candidates[0];
  if (chosen === undefined) throw new Error(`@octokit/webhooks-examples has no ${event}.${action} example`);
  return structuredClone(chosen);
}

/** The example with every URL that names its repository (`/owner/name`) pointed at `fullName` instead. */
export function withRepositoryUrls(example: { readonly repository: { readonly full_name: string } }, fullName: string): unknown {
  return JSON.parse(JSON.stringify(example).replaceAll(`/${example.repository.full_name}`, `/${fullName}`));
}
