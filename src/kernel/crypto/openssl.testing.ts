import { execFileSync } from 'node:child_process';

/** For tests: whether an `openssl` command can be run here (interop tests skip without it). */
export function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
