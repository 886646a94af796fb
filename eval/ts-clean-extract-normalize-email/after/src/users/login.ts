import { normalizeEmail } from "./email.js";
import type { SessionStore, UserStore } from "./stores.js";
import { verifyPassword } from "./passwords.js";

export async function login(users: UserStore, sessions: SessionStore, email: string, password: string): Promise<string | undefined> {
  const user = await users.findByEmail(normalizeEmail(email));
  if (user === undefined || !(await verifyPassword(password, user.passwordHash))) return undefined;
  return sessions.open(user.id);
}
