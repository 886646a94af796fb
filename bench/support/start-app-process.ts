import { spawn } from "node:child_process";
import { resolve } from "node:path";

export interface AppProcess {
  readonly port: number;
  /** Asks the process for a full garbage collection (SIGUSR2), so a memory reading after it is what is kept. */
  collectGarbage(): Promise<void>;
  /** SIGTERM, then resolves when the process has exited. */
  stop(): Promise<void>;
}

/** Starts bench/support/app-process.ts with the environment and resolves with its port and a stop function. */
export function startAppProcess(env: Readonly<Record<string, string>>): Promise<AppProcess> {
  const child = spawn(process.execPath, ["--expose-gc", "--import", import.meta.resolve("tsx"), resolve("bench/support/app-process.ts")], {
    env: { PATH: process.env["PATH"] ?? "", NODE_ENV: "production", ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  return new Promise((done, fail) => {
    let text = "";
    child.stdout.on("data", (chunk: Buffer) => {
      text += chunk.toString("utf8");
      const match = /listening (\d+)/.exec(text);
      if (match?.[1] !== undefined) {
        done({
          port: Number(match[1]),
          collectGarbage: async () => {
            child.kill("SIGUSR2");
          },
          stop: async () => {
            child.kill("SIGTERM");
            await exited;
          },
        });
      }
    });
    void exited.then(() => fail(new Error(`the app process exited before listening:\n${text}`)));
  });
}
