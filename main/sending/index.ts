export { runSend, type RunParams } from './send-run.js';
export { attributeResults, singleRecordFailure, type Attributed } from './attribute.js';
export { chunk, halves, clampBatchSize } from './batching.js';
export { AdaptiveLimit } from './adaptive-limit.js';
export { Pacer } from './pacer.js';
export { Waker, pause } from './wake.js';
export { DEFAULT_SEND_OPTIONS, MAX_BATCH_SIZE, type SendItem, type ItemOutcome, type BatchTransport, type SendOptions, type RunStatus, type RunHooks, type RunEnd } from './types.js';
