import type { Request, Response } from "express";
import { DuplicateEmailError, type UserStore } from "../users/store.js";

export function signupHandler(store: UserStore) {
  return async (req: Request, res: Response): Promise<void> => {
    const { email, name } = req.body as { email?: string; name?: string };
    if (!email || !name) {
      res.status(400).json({ error: "email and name are required" });
      return;
    }
    try {
      const user = await store.create({ email: email.toLowerCase(), name });
      res.status(201).json({ id: user.id });
    } catch (error) {
      if (error instanceof DuplicateEmailError) {
        res.status(409).json({ error: "this email is already registered" });
        return;
      }
      throw error;
    }
  };
}
