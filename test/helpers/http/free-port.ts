import { createServer } from "node:net";

/**
 * Probot's Server reads `port || 3000`, so PORT=0 means 3000, which another test run on the machine may hold.
 * Ask the OS for a free loopback port instead.
 */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      probe.close(() => (port > 0 ? resolve(port) : reject(new Error("no free port"))));
    });
  });
}
