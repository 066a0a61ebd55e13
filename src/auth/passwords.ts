import bcrypt from 'bcrypt';

export const MIN_PASSWORD_LENGTH = 12;
/** bcrypt uses only the first 72 bytes; longer passwords are refused rather than truncated. */
export const MAX_PASSWORD_BYTES = 72;

export function hashPassword(password: string, rounds: number): Promise<string> {
  return bcrypt.hash(password, rounds);
}

/** A valid hash of a random password: compared against when an email is unknown. */
let dummyHash: Promise<string> | undefined;

/**
 * Checks a password against a stored hash. With no hash (unknown email) it still runs one bcrypt
 * comparison at the same cost, so the answer time does not tell whether the email exists.
 */
export async function verifyPassword(
  password: string,
  hash: string | undefined,
  rounds: number,
): Promise<boolean> {
  if (hash) return bcrypt.compare(password, hash);
  dummyHash ??= bcrypt.hash('not-a-real-password-' + Math.random(), rounds);
  await bcrypt.compare(password, await dummyHash);
  return false;
}
