import { createHash } from 'node:crypto';

/** The message body this worker accepts: `{"id": "job-1", "text": "..."}`. */
export interface Job {
  id: string;
  text: string;
}

/** A malformed message throws: it is retried and then lands in the dead-letter queue for a human to see. */
export function parseJob(body: string): Job {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new Error('message body is not JSON');
  }
  const job = parsed as Partial<Job> | null;
  if (typeof job?.id !== 'string' || job.id === '') throw new Error('message has no string "id"');
  if (typeof job.text !== 'string') throw new Error('message has no string "text"');
  return { id: job.id, text: job.text };
}

export function summarise(job: Job): { words: number; characters: number; sha256: string } {
  const words = job.text.split(/\s+/u).filter((word) => word !== '').length;
  return { words, characters: [...job.text].length, sha256: createHash('sha256').update(job.text).digest('hex') };
}
