import { createHash } from 'node:crypto';

export interface Digest {
  bytes: number;
  sha256: string;
  /** Newline-terminated lines plus a final unterminated one; null when not counted. */
  lines: number | null;
}

const NEWLINE = 0x0a;

/** Hashes (and optionally counts lines in) a stream chunk by chunk: memory stays flat for any size. */
export async function digestStream(body: AsyncIterable<Uint8Array>, options: { countLines: boolean }): Promise<Digest> {
  const hash = createHash('sha256');
  let bytes = 0;
  let newlines = 0;
  let lastByte: number | undefined;
  for await (const chunk of body) {
    hash.update(chunk);
    bytes += chunk.length;
    if (chunk.length === 0) continue;
    lastByte = chunk[chunk.length - 1];
    if (options.countLines) {
      for (let at = chunk.indexOf(NEWLINE); at !== -1; at = chunk.indexOf(NEWLINE, at + 1)) newlines++;
    }
  }
  const unterminated = lastByte !== undefined && lastByte !== NEWLINE ? 1 : 0;
  return { bytes, sha256: hash.digest('hex'), lines: options.countLines ? newlines + unterminated : null };
}

const TEXT_TYPES = /^(text\/|application\/(json|xml|x-ndjson|csv|yaml|x-yaml|javascript))/i;
const TEXT_EXTENSIONS = /\.(txt|csv|tsv|json|jsonl|ndjson|log|md|xml|ya?ml|html?)$/i;

/** S3 often stores text as application/octet-stream, so the key's extension counts too. */
export function looksLikeText(contentType: string | undefined, key: string): boolean {
  return (contentType !== undefined && TEXT_TYPES.test(contentType)) || TEXT_EXTENSIONS.test(key);
}

/**
 * Ends `body` with the signal's reason when `signal` aborts, so whoever reads it stops with
 * an AbortError instead of reading on after the task was told to stop. Returns the cleanup.
 */
export function abortOnSignal(body: { destroy(error?: Error): unknown }, signal: AbortSignal | undefined): () => void {
  if (!signal) return () => {};
  const onAbort = () => body.destroy(signal.reason instanceof Error ? signal.reason : new Error(String(signal.reason)));
  if (signal.aborted) onAbort();
  else signal.addEventListener('abort', onAbort, { once: true });
  return () => signal.removeEventListener('abort', onAbort);
}
