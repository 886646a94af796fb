import type { UserStore } from "./stores.js";
import { hashPassword } from "./passwords.js";

export async function signup(users: UserStore, email: string, password: string): Promise<string> {
  const address = email.trim().toLowerCase();
  if (!address.includes("@")) throw new Error("not an email address");
  const user = await users.create({ email: address, passwordHash: await hashPassword(password) });
  return user.id;
}
