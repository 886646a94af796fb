export interface User {
  id: string;
  email: string;
  name: string;
}

export class DuplicateEmailError extends Error {}

export interface UserStore {
  findByEmail(email: string): Promise<User | undefined>;
  create(input: { email: string; name: string }): Promise<User>;
}
