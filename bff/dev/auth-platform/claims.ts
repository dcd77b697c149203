/**
 * Scopes and claims the platform offers. `profile` carries the display name; the custom `govdock`
 * scope carries what a government-service platform tells a docked site about the user.
 */
import type { Account, ClaimsParameterMember } from 'oidc-provider';
import { findDemoAccountById, type DemoAccount } from './accounts.js';

export const GOVDOCK_SCOPE = 'govdock';

export const PLATFORM_SCOPES = ['openid', 'offline_access', 'profile', 'phone', GOVDOCK_SCOPE] as const;

/** Scope → claim names, in oidc-provider's `claims` configuration shape. */
export const PLATFORM_CLAIMS: Record<string, string[] | null> = {
  openid: ['sub'],
  profile: ['name', 'preferred_username'],
  phone: ['phone_number'],
  [GOVDOCK_SCOPE]: [
    'user_type',
    'real_name_level',
    'id_type',
    'id_number',
    'phone_number',
    'org_name',
    'credit_code',
    'agent_name',
  ],
  // Standard members oidc-provider puts into ID tokens; listed so they stay available.
  acr: null,
  sid: null,
  auth_time: null,
  iss: null,
};

function toOidcAccount(account: DemoAccount): Account {
  return {
    accountId: account.accountId,
    // oidc-provider filters these by the granted scopes and claims, so all of them are offered here.
    claims: (_use: string, _scope: string, _claims: Record<string, null | ClaimsParameterMember>) => ({
      sub: account.accountId,
      ...account.claims,
    }),
  };
}

/** oidc-provider's `findAccount`: only demo accounts exist on the development platform. */
export function findPlatformAccount(_ctx: unknown, sub: string): Account | undefined {
  const account = findDemoAccountById(sub);
  return account ? toOidcAccount(account) : undefined;
}
