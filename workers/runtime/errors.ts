// Which failures are worth retrying soon. A retryable failure says nothing about the message
// or the object: the same work will likely succeed in a moment (throttling, a server error,
// a dropped connection, the task being stopped). Everything else is the work's own fault.

/** Throw this from a handler for a failure that should be retried soon, not counted against the work. */
export class RetryableError extends Error {
  override name = 'RetryableError';
}

/** The exit code of a run that was interrupted or hit a transient error: running it again is safe and may succeed (sysexits' EX_TEMPFAIL). */
export const EXIT_RETRYABLE = 75;

// Error names the AWS SDKs treat as throttling; a service answers with one of these when it
// wants the caller to slow down, not when the request itself is wrong.
const THROTTLING = new Set([
  'BandwidthLimitExceeded',
  'EC2ThrottledException',
  'LimitExceededException',
  'PriorRequestNotComplete',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'ThrottledException',
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'TransactionInProgressException',
]);
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN']);

interface SdkErrorFields {
  $retryable?: unknown;
  $metadata?: { httpStatusCode?: number };
  code?: unknown;
}

/**
 * Whether `error` (what is left after the SDK's own retries) is transient: a RetryableError,
 * an aborted operation, throttling, a 5xx or 429 answer, or a network failure.
 */
export function isRetryable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error instanceof RetryableError || error.name === 'AbortError' || error.name === 'TimeoutError') return true;
  const fields = error as Error & SdkErrorFields;
  if (fields.$retryable || THROTTLING.has(error.name)) return true;
  const status = fields.$metadata?.httpStatusCode;
  if (status !== undefined && (status >= 500 || status === 429)) return true;
  return typeof fields.code === 'string' && NETWORK_CODES.has(fields.code);
}
