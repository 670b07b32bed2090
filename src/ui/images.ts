// Renders image build progress: on a terminal one line per image, rewritten in place as it
// moves from checking to pushed; in CI (or with --verbose, where Docker's output interleaves)
// plain lines, one per step.
import type { ImageEvent, PublishResult } from '../images/publish.js';
import type { Output } from '../io.js';

const WORDS: Record<Exclude<ImageEvent['kind'], 'output'>, string> = {
  checking: 'checking the registry',
  present: 'already in the registry, not rebuilt',
  building: 'building',
  pushing: 'pushing',
  pushed: 'pushed',
};
const FINAL = new Set(['present', 'pushed']);

export function imagePrinter(out: Output, live: boolean): (event: ImageEvent) => void {
  return (event) => {
    if (event.kind === 'output') return out.write(event.text);
    const line = `Image ${event.task} (${event.platform}, ${event.tag.slice(0, 12)}): ${WORDS[event.kind]}`;
    if (!live) return out.write(`${line}\n`);
    out.write(`\r\x1b[2K${line}${FINAL.has(event.kind) ? '\n' : '…'}`);
  };
}

/** What a failed publish prints: the step, its reason, and the failing step's own output. */
export function formatPublishFailure(result: Exclude<PublishResult, { kind: 'published' }>): string {
  if (result.kind === 'docker-missing') return `${result.message}\n`;
  const output = result.output.trimEnd();
  return `Image ${result.task}: docker ${result.step} failed (${result.reason}) for ${result.reference}${output ? `:\n${output}` : ''}\n`;
}
