import { Readable, Writable } from "node:stream";
import { runCli } from "../../../src/cli/run-cli.js";

export interface CliRun {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

class Capture extends Writable {
  text = "";
  constructor(readonly isTTY: boolean) {
    super();
  }
  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    this.text += chunk.toString("utf8");
    callback();
  }
}

export interface CliRunOptions {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdin?: string;
  /** Whether standard output and standard error are a terminal (colours, progress). */
  readonly tty?: boolean;
}

/** `pr-reviewer <argv>` run in this process, with its streams captured: what a shell would see. */
export async function runCliInProcess(argv: readonly string[], options: CliRunOptions): Promise<CliRun> {
  const stdout = new Capture(options.tty ?? false);
  const stderr = new Capture(options.tty ?? false);
  const exitCode = await runCli({ argv, env: options.env, cwd: options.cwd, stdin: Readable.from([options.stdin ?? ""]), stdout, stderr });
  return { exitCode, stdout: stdout.text, stderr: stderr.text };
}
