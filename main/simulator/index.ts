export { startSimulator, type Simulator, type SimState, type SimCall, type SavedPhone } from './simulator.js';
export { DEFAULT_SIMULATOR_OPTIONS, type SimulatorOptions, type SimFault, type ResultMode, type RateLimit } from './options.js';
export { SANDBOX_TOKEN, SANDBOX_NO_PERMISSION_TOKEN, DEFAULT_PHONE_TYPES } from './sandbox.js';
