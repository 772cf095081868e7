import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { incomplete } from '../../local/src/watch';

/**
 * When the command may read an assembly after a change: not while a cdk CLI holds its synth.lock,
 * not while a template or an asset it names is missing or half-written.
 */

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'local-watch-'));
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({
    version: '39.0.0',
    artifacts: {
      'App.assets': { type: 'cdk:asset-manifest', properties: { file: 'App.assets.json' } },
      'App': { type: 'aws:cloudformation:stack', properties: { templateFile: 'App.template.json' } },
    },
  }));
  fs.writeFileSync(path.join(dir, 'App.template.json'), JSON.stringify({ Resources: {} }));
  fs.writeFileSync(path.join(dir, 'App.assets.json'), JSON.stringify({ files: { abc: { source: { path: 'asset.abc', packaging: 'zip' } } } }));
  fs.mkdirSync(path.join(dir, 'asset.abc'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

test('a complete assembly can be read', () => {
  expect(incomplete(dir)).toBeUndefined();
});

test('a cdk CLI that still runs holds the assembly with synth.lock; a stale lock does not', () => {
  fs.writeFileSync(path.join(dir, 'synth.lock'), `${process.pid}`);
  expect(incomplete(dir)).toBe('cdk synth is writing it (synth.lock)');
  const ended = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
  fs.writeFileSync(path.join(dir, 'synth.lock'), ended);
  expect(incomplete(dir)).toBeUndefined();
});

test('a half-written manifest or template, or a missing asset, is not read yet', () => {
  fs.writeFileSync(path.join(dir, 'App.template.json'), '{"Resources": {');
  expect(incomplete(dir)).toMatch(/^App\.template\.json: /);
  fs.writeFileSync(path.join(dir, 'App.template.json'), '{}');
  fs.rmSync(path.join(dir, 'asset.abc'), { recursive: true });
  expect(incomplete(dir)).toBe('App.assets.json: asset abc is not there yet (asset.abc)');
  fs.writeFileSync(path.join(dir, 'manifest.json'), '{"artifacts"');
  expect(incomplete(dir)).toMatch(/^manifest\.json: /);
});
