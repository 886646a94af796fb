import type { Request, Response } from "express";
import { registerUser } from "../users/register.js";
import type { UserStore } from "../users/store.js";

export function signupHandler(store: UserStore) {
  return async (req: Request, res: Response): Promise<void> => {
    const { email, name } = req.body as { email?: string; name?: string };
    if (!email || !name) {
      res.status(400).json({ error: "email and name are required" });
      return;
    }
    const result = await registerUser(store, { email, name });
    if (result === "duplicate") {
      res.status(409).json({ error: "this email is already registered" });
      return;
    }
    res.status(201).json({ id: result.id });
  };
}
