export interface StoredUser {
  id: string;
  email: string;
  passwordHash: string;
}

export interface UserStore {
  findByEmail(email: string): Promise<StoredUser | undefined>;
  create(input: { email: string; passwordHash: string }): Promise<StoredUser>;
}

export interface SessionStore {
  /** Opens a session for the user and returns its token. */
  open(userId: string): Promise<string>;
}
