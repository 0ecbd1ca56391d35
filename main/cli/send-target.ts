import { AppError } from '../../shared/domain/app-error.js';
import { parseSiteUrl } from '../../shared/domain/site-url.js';
import type { Core } from '../core/create-core.js';
import type { CliArgs } from './cli-args.js';
import { usageError } from './exit-codes.js';

/** --site as the app would store it; a bad address is a usage error. */
export function parseSiteArg(site: string): string {
  const parsed = parseSiteUrl(site);
  if (!parsed.ok) throw usageError(`--site ${site}: ${parsed.error.message}`);
  return parsed.value;
}

/** Where the job goes: --site, --sandbox, else the app's default connection. */
export async function chooseSite(args: CliArgs, services: Core): Promise<string> {
  if (args.site !== undefined) return parseSiteArg(args.site);
  if (args.sandbox) {
    if (services.sandboxSite === null) throw usageError('The Sandbox could not be started.');
    return services.sandboxSite;
  }
  const fallback = await services.connections.defaultSite();
  if (fallback !== null) return fallback;
  throw usageError(
    "No site to send to: pass --site URL (the address of your Wasp site) or --sandbox, or connect a site in the app or with 'wasp-phones login --site URL'. Nothing was queued.",
  );
}

/**
 * Why no token can be had for the site (the keychain's own words, which name the site and say what
 * to do), or null when there is one. The job is queued either way: a missing token keeps it waiting.
 */
export async function tokenProblem(services: Core, site: string): Promise<string | null> {
  try {
    await services.connections.tokenFor(site);
    return null;
  } catch (e) {
    if (e instanceof AppError) return e.message;
    throw e;
  }
}
