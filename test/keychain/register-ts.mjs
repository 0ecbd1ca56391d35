// Lets a plain `node` child process run the TypeScript sources (see ts-hooks.mjs). Used by the
// keychain tests that must start a fresh process with a different D-Bus environment.
import { register } from 'node:module';

register('./ts-hooks.mjs', import.meta.url);
