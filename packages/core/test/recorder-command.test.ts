import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { recorderCommand } from '../src/recorder-command.js';

describe('recorderCommand', () => {
  it('quotes every argument, the file last', () => {
    expect(recorderCommand({ dir: '/s', argv: ['/usr/bin/node', '-e', 'record()', '--'] }, '/s/hooks.jsonl')).toBe(
      "'/usr/bin/node' '-e' 'record()' '--' '/s/hooks.jsonl'",
    );
  });

  it('reaches the recorder unchanged through a real shell, quotes, spaces and $ included', () => {
    const script = 'console.log(JSON.stringify(process.argv.slice(1)))';
    const file = "/tmp/it's a $HOME `x`.jsonl";
    const command = recorderCommand({ dir: '/tmp', argv: [process.execPath, '-e', script, '--'] }, file);
    expect(JSON.parse(execFileSync('sh', ['-c', command], { encoding: 'utf8' }))).toEqual([file]);
  });
});
