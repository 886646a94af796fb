import { uniqueSlug } from "../text/slug.js";
import type { PostStore } from "./post-store.js";

export async function createPost(store: PostStore, title: string, body: string): Promise<string> {
  const slug = uniqueSlug(title, await store.slugs());
  await store.insert({ slug, title, body, publishedAt: null });
  return slug;
}
