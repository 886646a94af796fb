const DIACRITICS = /[\u0300-\u036f]/g;

/** A URL-safe form of a title: "Crème Brûlée!" → "creme-brulee". */
export function slugify(title: string): string {
  return title
    .normalize("NFKD")
    .replace(DIACRITICS, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/** Appends -2, -3, … until the slug is not taken. */
export function uniqueSlug(title: string, taken: ReadonlySet<string>): string {
  const base = slugify(title) || "untitled";
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}
