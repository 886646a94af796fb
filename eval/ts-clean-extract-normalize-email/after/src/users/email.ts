/** The form an address is stored and looked up in: no surrounding spaces, lower case. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
