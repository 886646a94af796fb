import { jsonrepair } from "jsonrepair";

/**
 * Parses JSON the way a model writes it: strict first, then repaired (truncated arrays, trailing commas,
 * Python literals, code fences). Returns undefined when even the repair fails.
 */
export function parseLenientJson(text: string): unknown {
  const trimmed = text.trim().replace(/^```(?:json)?\s*\n([\s\S]*?)\n?```$/, "$1");
  try {
    return JSON.parse(trimmed);
  } catch {
    try {
      return JSON.parse(jsonrepair(trimmed));
    } catch {
      return undefined;
    }
  }
}
