/**
 * The contract's channel names, as plain data without schemas, so the sandboxed preload can
 * build the bridge without bundling the schema library. contract.ts is checked against these
 * lists at compile time (every name has exactly one schema entry).
 */
export const INVOKE_NAMES = [
  'getAppInfo',
  'listConnections',
  'saveConnection',
  'testConnection',
  'removeToken',
  'removeConnection',
  'setDefaultConnection',
  'getImportSettings',
  'setKnownPhoneTypes',
  'findMappingTemplate',
  'saveMappingTemplate',
  'exportMappingTemplate',
  'getSendSettings',
  'setSendSettings',
  'createJob',
  'beginJob',
  'addJobRows',
  'commitJob',
  'abandonJob',
  'listJobs',
  'getJobRows',
  'pauseJob',
  'resumeJob',
  'cancelJob',
  'deleteJob',
  'exportReport',
  'moveJob',
  'fixSiteAddress',
  'showInFolder',
  'openSavedFile',
  'saveImportTemplate',
  'getUpdateStatus',
  'installUpdate',
] as const;
export const EVENT_NAMES = ['notice', 'jobProgress', 'jobsChanged', 'connectionNeeded', 'updateStatus'] as const;

export type InvokeName = (typeof INVOKE_NAMES)[number];
export type EventName = (typeof EVENT_NAMES)[number];

/** Channel strings are derived, never typed by hand, so main and preload cannot disagree. */
export const invokeChannel = (name: InvokeName): string => `wasp:invoke:${name}`;
export const eventChannel = (name: EventName): string => `wasp:event:${name}`;
export const eventSubscriberName = <E extends EventName>(name: E): `on${Capitalize<E>}` =>
  `on${name.charAt(0).toUpperCase()}${name.slice(1)}` as `on${Capitalize<E>}`;

/** The global name the bridge lives under in the renderer. */
export const BRIDGE_GLOBAL = 'wasp';
