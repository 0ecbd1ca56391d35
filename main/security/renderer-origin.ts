/**
 * The production renderer is served from a privileged custom scheme rather than file://, so it has
 * a real origin (CSP 'self', fetch of its own assets) and no access to the file system.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'wasp';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_START_URL = `${APP_ORIGIN}/index.html`;
