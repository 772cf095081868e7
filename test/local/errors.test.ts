import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { requireCompiledCli, runCli, synthExample } from './cli';

/**
 * What the command says when it cannot run an app: one line on stderr naming what is wrong and
 * what to do, exit code 1, never a stack trace.
 */

jest.setTimeout(60_000);

const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'local-errors-'));
let assembly: string;

beforeAll(() => {
  requireCompiledCli();
  assembly = synthExample(path.join(workDir, 'cdk.out'));
});

afterAll(() => fs.rmSync(workDir, { recursive: true, force: true }));

/** Runs the command and checks it failed the way a person can act on; resolves to its one line. */
async function failure(args: string[]): Promise<string> {
  const { code, stdout, stderr } = await runCli(args);
  expect({ code, stdout }).toEqual({ code: 1, stdout: '' });
  const lines = stderr.trimEnd().split('\n');
  expect(lines[0]).toMatch(/^cdk-ivs-chat-local: /);
  expect(stderr).not.toMatch(/^\s+at /m);
  return lines[0];
}

test('a directory that does not exist: synthesize first', async () => {
  expect(await failure([path.join(workDir, 'nowhere'), '--port', '0'])).toMatch(/no cloud assembly at .*nowhere: run `cdk synth` first/);
});

test('a directory that is not a cloud assembly', async () => {
  const empty = fs.mkdtempSync(path.join(workDir, 'empty-'));
  expect(await failure([empty, '--port', '0'])).toMatch(/is not a cloud assembly \(it has no manifest\.json\)/);
});

test('an assembly without any cdk-ivs-chat resource names its stacks', async () => {
  // A cloud assembly is JSON: a stack with one SNS topic.
  const dir = fs.mkdtempSync(path.join(workDir, 'plain-'));
  fs.writeFileSync(path.join(dir, 'Plain.template.json'), JSON.stringify({ Resources: { Topic: { Type: 'AWS::SNS::Topic' } } }));
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({
    version: '41.0.0',
    artifacts: { Plain: { type: 'aws:cloudformation:stack', environment: 'aws://unknown-account/unknown-region', properties: { templateFile: 'Plain.template.json' } } },
  }));
  expect(await failure([dir, '--port', '0'])).toMatch(/no cdk-ivs-chat resource in .*: none of its stacks \(Plain\) has a ChatRoom/);
});

test('a port in use', async () => {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  try {
    expect(await failure([assembly, '--port', String(port)])).toBe(
      `cdk-ivs-chat-local: port ${port} on 127.0.0.1 is in use: stop what uses it, or pass --port with another port (--port 0 picks a free one)`);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});

test('a stack it cannot deploy: the failing resource and the reason', async () => {
  // The construct refuses this at synth; a template edited by hand reaches the room provider, which refuses it at deploy.
  const dir = path.join(workDir, 'edited');
  fs.cpSync(assembly, dir, { recursive: true });
  const templateFile = path.join(dir, 'IvsChatDemo.template.json');
  const template = JSON.parse(fs.readFileSync(templateFile, 'utf-8'));
  const lobby = Object.values<any>(template.Resources).find((r) => r.Type === 'Custom::IvsChatRoom' && r.Properties.Name === 'lobby');
  lobby.Properties.MaximumMessageLength = 1000;
  fs.writeFileSync(templateFile, JSON.stringify(template));

  const line = await failure([dir, '--port', '0']);
  expect(line).toMatch(/^cdk-ivs-chat-local: cannot deploy stack IvsChatDemo \(ROLLBACK_COMPLETE\): Lobby \(Custom::IvsChatRoom, logical id Lobby\w+\) CREATE_FAILED: /);
  expect(line).toMatch(/maximumMessageLength/i);
  expect(line).toMatch(/1000/);
});

test('bad arguments', async () => {
  expect(await failure([assembly, '--port', 'eighty'])).toMatch(/--port must be an integer between 0 and 65535, got: eighty/);
  expect(await failure([assembly, '--colour', 'blue'])).toMatch(/unknown option --colour/);
});
