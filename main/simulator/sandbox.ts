import { SANDBOX_PHONE_TYPES } from '../../shared/domain/sandbox.js';
import type { SimulatorOptions } from './options.js';

/**
 * The well-known credentials of the local simulator. The app offers the simulator as a "Sandbox"
 * connection and the CLI as --sandbox, so a new user can try the whole flow without a Wasp account.
 */
export const SANDBOX_TOKEN = 'wasp-sandbox-token';
/** A token the simulator knows but whose user lacks "Update Customer": answers 403. */
export const SANDBOX_NO_PERMISSION_TOKEN = 'wasp-sandbox-no-permission';

/** The phone types a fresh Wasp tenant is assumed to have (the Review screen knows them for the Sandbox). */
export const DEFAULT_PHONE_TYPES: readonly string[] = SANDBOX_PHONE_TYPES;

/**
 * How the app and the CLI run their Sandbox: nothing on this computer may script or inspect it
 * (controls off), so it keeps none of the phones it saves (see SimulatorOptions.keepPhones).
 */
export const SANDBOX_OPTIONS = { controls: false, keepPhones: false } as const satisfies Partial<SimulatorOptions>;
