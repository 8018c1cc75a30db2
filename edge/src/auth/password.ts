import { sha256Hex, timingSafeEqual } from '../../../shared/src/crypto.js';
import { verifyPasswordHash } from '../../../shared/src/auth/password-hash.js';
import type { DashboardConfig } from '../deps.js';

/** Checks the admin password against ADMIN_PASSWORD_HASH (see shared/src/auth/password-hash.ts) or
 * ADMIN_PASSWORD. False when neither is set. */
export async function verifyAdminPassword(config: DashboardConfig, candidate: string): Promise<boolean> {
  if (config.adminPasswordHash) return verifyPasswordHash(config.adminPasswordHash, candidate);
  if (config.adminPassword) return timingSafeEqual(await sha256Hex(candidate), await sha256Hex(config.adminPassword));
  return false;
}

export function adminLoginEnabled(config: DashboardConfig): boolean {
  return Boolean(config.adminPasswordHash || config.adminPassword);
}
