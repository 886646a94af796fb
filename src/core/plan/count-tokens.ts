/**
 * Counts the tokens of a text as the model will see them. The exact count comes from the model's tokenizer,
 * loaded by an adapter; the core only receives the function, so it stays pure and testable.
 */
export type CountTokens = (text: string) => number;
