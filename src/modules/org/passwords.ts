import { hash, verify } from '@node-rs/argon2';
import { WeakPassword } from './org.errors.js';

// argon2id with OWASP's second recommended profile (19 MiB, t=2, p=1): ~20 ms a hash here.
const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function checkPasswordStrength(password: string): void {
  if (password.length < 10 || password.length > 128 || !/[A-Za-z]/.test(password) || !/[0-9]/.test(password)) {
    throw WeakPassword();
  }
}

export async function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A real hash to verify against when the user does not exist, so timing does not tell. */
export const DUMMY_HASH = await hashPassword('dummy-password-0');
