import type { AppUnderTest } from './drivers/app-under-test.js';

/**
 * The app as a user finds it after connecting a site earlier: its token saved, the site the default
 * for new jobs, and the page loaded afresh so the window reads both from main.
 */
export async function openConnectedTo(
  app: AppUnderTest,
  site: string,
  token: string,
  options: { label?: string } = {},
): Promise<void> {
  await app.services.connections.saveToken(site, token, options);
  await app.services.connections.setDefault(site);
  await app.page.reload();
}
