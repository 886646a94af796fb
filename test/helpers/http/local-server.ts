import { createServer, type IncomingMessage, type ServerResponse } from "node:http";

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export interface LocalServer {
  /** `http://127.0.0.1:PORT` */
  readonly origin: string;
  readonly port: number;
  /** Stops listening and destroys every open connection, including requests still waiting for an answer. */
  close(): Promise<void>;
}

/** A node:http server on 127.0.0.1 with an OS-assigned port. A handler that throws answers 500. */
export async function startLocalServer(handler: RequestHandler): Promise<LocalServer> {
  const server = createServer((req, res) => {
    // One connection per request: a client's keep-alive pool could otherwise reuse a socket to a server an
    // earlier test closed, whenever the OS hands a later server the same port.
    res.shouldKeepAlive = false;
    handler(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
      res.end(`fake server error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("server has no TCP address");
  const { port } = address;
  let closing: Promise<void> | undefined;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error === undefined ? resolve() : reject(error)));
        // Keep-alive sockets (undici pools them) and hanging requests would otherwise keep close() waiting.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Header names lower-cased, repeated headers joined with ", " (as fetch's Headers does). */
export function flatHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    headers[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return headers;
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Readonly<Record<string, string>> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}
