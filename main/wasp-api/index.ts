export { createWaspClient, SAVE_PATH, DEFAULT_TIMEOUT_MS, type WaspClient, type WaspClientOptions } from './client.js';
export { testConnection, connectionVerdict, type ConnectionOk, type ConnectionVerdict, type TestConnectionOptions } from './test-connection.js';
export { classifyResponse, AUTH_MESSAGE, FORBIDDEN_MESSAGE, type CallOutcome, type RetryReason } from './call-outcome.js';
export { parseEnvelope, parseEnvelopeText, isFailedResult, envelopeReportsErrors, envelopeMessage, type WaspEnvelope } from './envelope.js';
export { retryDelayMs, backoffDelayMs, serverRequestedDelayMs, DEFAULT_BACKOFF, type BackoffPolicy } from './retry-delay.js';
export { userAgent, describeOs } from './user-agent.js';
