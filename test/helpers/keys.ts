import { generateKeyPairSync } from "node:crypto";

export interface TestKeyPair {
  /** PKCS#1 PEM (`-----BEGIN RSA PRIVATE KEY-----`), the format GitHub hands out and Probot's PRIVATE_KEY takes. */
  readonly privateKey: string;
  /** SPKI PEM, to verify the app's JWTs if a test wants to. */
  readonly publicKey: string;
}

/** A fresh 2048-bit RSA key pair: no key is ever committed, and each call makes a new one. */
export function generateTestKeyPair(): TestKeyPair {
  return generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs1", format: "pem" },
  });
}

export function generateTestPrivateKey(): string {
  return generateTestKeyPair().privateKey;
}

let shared: TestKeyPair | undefined;

/** One key pair per test process (per test file under vitest's forks pool), generated on first use. */
export function testKeyPair(): TestKeyPair {
  shared ??= generateTestKeyPair();
  return shared;
}
