/** Password check for the demo accounts; constant-time so the dev platform does not teach bad habits. */
import { createHash, timingSafeEqual } from 'node:crypto';
import { findDemoAccountByUsername, type DemoAccount } from './accounts.js';

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/** The account when username and password match, otherwise undefined (the caller shows 账号或密码错误). */
export function verifyDemoCredentials(username: string, password: string): DemoAccount | undefined {
  const account = findDemoAccountByUsername(username);
  // Compare against a dummy when the user is unknown, so both failures take the same time.
  const expected = digest(account?.password ?? '\u0000no-such-account');
  const matches = timingSafeEqual(expected, digest(password));
  return account && matches ? account : undefined;
}
