/**
 * Qwen3's tokenizer averages about 3.3 characters per token on unified diffs (measured; see
 * shared notes). Rounding the ratio down makes the estimate err on the side of fewer characters per call.
 */
const CHARS_PER_TOKEN = 3.2;

export function estimateTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}
