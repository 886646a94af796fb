import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { FakeGitHub } from "../../helpers/fake-github.js";
import type { FakeModel } from "../../helpers/fake-model.js";
import { deliverWebhook, type DeliveryResult } from "../../helpers/webhooks.js";
import { appEnvironment, WEBHOOK_SECRET } from "./app-under-test.js";

export interface CrashableReplica {
  deliver(event: string, payload: unknown): Promise<DeliveryResult>;
  /** Every log line the replica wrote, as JSON text. */
  readonly logs: readonly string[];
  /** SIGKILL: the process dies at once, its Redis connections and job locks left as they are. */
  kill(): Promise<void>;
}

const ENTRY = fileURLToPath(new URL("./replica-process.ts", import.meta.url));

/** Starts the app in a child process (same environment as `startAppUnderTest`) and resolves once it serves webhooks. */
export async function startCrashableReplica(github: FakeGitHub, model: FakeModel, env: Readonly<Record<string, string>>): Promise<CrashableReplica> {
  const environment = await appEnvironment(github, model, env);
  const child = spawn(process.execPath, ["--import", "tsx", ENTRY], {
    env: { PATH: process.env["PATH"] ?? "", ...environment },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const logs: string[] = [];
  let errors = "";
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  await new Promise<void>((resolve, reject) => {
    let partial = "";
    child.stdout.on("data", (chunk: Buffer) => {
      const lines = (partial + chunk.toString("utf8")).split("\n");
      partial = lines.pop() ?? "";
      logs.push(...lines.filter((line) => line !== ""));
      if (lines.some((line) => line.includes('"msg":"pr-reviewer ready"'))) resolve();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      errors += chunk.toString("utf8");
    });
    child.once("exit", (code) => reject(new Error(`the replica process exited (${String(code)}) before it was ready:\n${errors}`)));
  });
  const webhookUrl = `http://${environment["HOST"] ?? ""}:${environment["PORT"] ?? ""}/api/github/webhooks`;
  return {
    deliver: (event, payload) => deliverWebhook({ url: webhookUrl, secret: WEBHOOK_SECRET, event, payload }),
    logs,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
    },
  };
}
