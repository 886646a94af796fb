export interface Post {
  slug: string;
  title: string;
  body: string;
  publishedAt: Date | null;
}

export interface PostStore {
  /** Every slug in use. */
  slugs(): Promise<Set<string>>;
  insert(post: Post): Promise<void>;
}
