import { DuplicateEmailError, type User, type UserStore } from "./store.js";

export interface SignupInput {
  email: string;
  name: string;
}

/** Creates the account; an email that is already registered is reported, not thrown. */
export async function registerUser(store: UserStore, input: SignupInput): Promise<User | "duplicate"> {
  try {
    return store.create({ email: input.email.toLowerCase(), name: input.name });
  } catch (error) {
    if (error instanceof DuplicateEmailError) return "duplicate";
    throw error;
  }
}
