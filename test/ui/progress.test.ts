// The live progress view and colour choices, from typed events (no AWS needed): the tree of
// nested stacks, failures as they happen, narrow and 0-column terminals, the total time.
import { describe, expect, test } from '@jest/globals';
import { stripVTControlCharacters } from 'node:util';
import type { StackActivity } from '../../src/deploy/events.js';
import { colourEnabled, palette } from '../../src/ui/colour.js';
import { formatDuration, linePrinter, livePrinter } from '../../src/ui/deploy.js';

const ROOT = 'arn:aws:cloudformation:us-east-1:123456789012:stack/app-dev/1';
const CHILD = 'arn:aws:cloudformation:us-east-1:123456789012:stack/app-dev-TasksStack-X/2';
let id = 0;
function event(fields: Partial<StackActivity> & Pick<StackActivity, 'logicalId' | 'status'>, at = 0): StackActivity {
  return { eventId: String(++id), timestamp: new Date(at), stackId: ROOT, stackName: 'app-dev', resourceType: 'AWS::SQS::Queue', isStack: false, nested: false, ...fields };
}
const plain = palette({ isTTY: false }, {});

/** Writes collected; the screen is what stays after the erase sequences are applied. */
function terminal(columns: number | undefined) {
  let text = '';
  return {
    out: { write: (t: string) => void (text += t), isTTY: true, columns },
    text: () => text,
    /** The lines currently visible (the redraw erases the previous view). */
    screen: () => {
      const lines: string[] = [];
      for (const chunk of text.split(/(\x1b\[\d+A\r\x1b\[J)/)) {
        const up = /^\x1b\[(\d+)A\r\x1b\[J$/.exec(chunk);
        if (up) lines.splice(lines.length - Number(up[1]), Number(up[1]));
        else lines.push(...chunk.split('\n').filter((l, i, all) => i < all.length - 1 || l));
      }
      return lines;
    },
  };
}

describe('live progress', () => {
  test('elapsed time, done/total, resources in progress with a nested stack as a tree, failures above, total time', () => {
    let clock = 0;
    const term = terminal(100);
    const printer = livePrinter(term.out, plain, () => clock);
    printer.start(4);
    printer.event(event({ logicalId: 'Jobs', status: 'CREATE_IN_PROGRESS' }, 0));
    printer.event(event({ logicalId: 'TasksStack', status: 'CREATE_IN_PROGRESS', resourceType: 'AWS::CloudFormation::Stack', physicalId: CHILD }, 0));
    printer.event(event({ logicalId: 'Service', status: 'CREATE_IN_PROGRESS', resourceType: 'AWS::ECS::Service', stackId: CHILD, stackName: 'app-dev-TasksStack-X', nested: true }, 1000));
    printer.event(event({ logicalId: 'Role', status: 'CREATE_IN_PROGRESS', resourceType: 'AWS::IAM::Role', stackId: CHILD, stackName: 'app-dev-TasksStack-X', nested: true }, 2000));
    clock = 65_000;
    printer.event(event({ logicalId: 'Jobs', status: 'CREATE_COMPLETE' }, 3000));
    expect(term.screen()).toEqual([
      'Deploying: 1/4 resources, 1m 05s',
      '  TasksStack  nested stack  CREATE_IN_PROGRESS  1m 05s',
      '  ├─ Service  AWS::ECS::Service  CREATE_IN_PROGRESS  1m 04s',
      '  └─ Role  AWS::IAM::Role  CREATE_IN_PROGRESS  1m 03s',
    ]);
    printer.event(event({ logicalId: 'Role', status: 'CREATE_FAILED', resourceType: 'AWS::IAM::Role', stackId: CHILD, stackName: 'app-dev-TasksStack-X', nested: true, reason: 'denied' }, 4000));
    expect(term.screen()[0]).toBe('00:00:04  CREATE_FAILED                app-dev-TasksStack-X/Role  AWS::IAM::Role  denied');
    clock = 125_000;
    printer.stop();
    expect(term.screen().slice(-1)).toEqual(['Finished in 2m 05s: 2/4 resources.']);
  });

  test.each([[0], [undefined], [12], [1]])('a %p-column terminal: no line wraps, nothing is lost but the tail of long lines', (columns) => {
    const term = terminal(columns);
    const printer = livePrinter(term.out, plain, () => 0);
    printer.start(2);
    printer.event(event({ logicalId: 'AVeryLongLogicalIdThatGoesOnAndOn', status: 'CREATE_IN_PROGRESS' }));
    const width = Math.max(1, (columns || 80) - 1);
    for (const line of term.screen()) expect(line.length).toBeLessThanOrEqual(width);
    expect(term.screen()).toHaveLength(2);
    printer.stop();
    expect(term.screen()).toEqual(['Finished in 0s: 0/2 resources.']);
  });

  test('CI: one plain line per event and the total time', () => {
    let text = '';
    const printer = linePrinter({ write: (t) => void (text += t) });
    printer.start(1);
    printer.event(event({ logicalId: 'Jobs', status: 'CREATE_COMPLETE' }, 0));
    printer.stop();
    expect(text).toBe('00:00:00  CREATE_COMPLETE              Jobs  AWS::SQS::Queue\nFinished in 0s.\n');
  });

  test('formatDuration', () => {
    expect([formatDuration(400), formatDuration(59_400), formatDuration(61_000), formatDuration(3_725_000)]).toEqual(['0s', '59s', '1m 01s', '62m 05s']);
  });
});

describe('colour', () => {
  test('on for a terminal; NO_COLOR, non-terminals and TERM=dumb off; FORCE_COLOR on', () => {
    const tty = { isTTY: true };
    const pipe = { isTTY: false };
    expect(colourEnabled(tty, {})).toBe(true);
    expect(colourEnabled(tty, { NO_COLOR: '1' })).toBe(false);
    expect(colourEnabled(tty, { NO_COLOR: '1', FORCE_COLOR: '1' })).toBe(false);
    expect(colourEnabled(tty, { TERM: 'dumb' })).toBe(false);
    expect(colourEnabled(pipe, {})).toBe(false);
    expect(colourEnabled(pipe, { FORCE_COLOR: '1' })).toBe(true);
    expect(colourEnabled(tty, { FORCE_COLOR: '0' })).toBe(false);
  });

  test('errors, warnings, replacements and data loss each look different', () => {
    const paint = palette({ isTTY: true }, {});
    const looks = [paint.error('x'), paint.warning('x'), paint.replacement('x'), paint.dataLoss('x')];
    expect(new Set(looks).size).toBe(4);
    for (const look of looks) expect(stripVTControlCharacters(look)).toBe('x');
    expect(plain.error('x')).toBe('x');
  });
});
