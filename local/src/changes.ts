/**
 * How the command shows rooms and what an update of the assembly changed.
 */
import type { EmulatorRoom } from './emulator';
import type { LocalStackUpdate, LocalUpdate } from './local-app';

/** A room's settings as the summary prints them: `maximumMessageLength 200, maximumMessageRatePerSecond 10`. */
export function roomSettings(room: EmulatorRoom): string {
  return [
    `maximumMessageLength ${room.maximumMessageLength}`,
    `maximumMessageRatePerSecond ${room.maximumMessageRatePerSecond}`,
    ...(room.loggingConfigurationIdentifiers.length > 0 ? [`logging ${room.loggingConfigurationIdentifiers.length}`] : []),
  ].join(', ');
}

/** The lines that tell what an update did, stack by stack; unchanged stacks in one line each. */
export function describeUpdate(update: LocalUpdate): string[] {
  return update.stacks.flatMap(describeStackUpdate);
}

function describeStackUpdate(stack: LocalStackUpdate): string[] {
  if (stack.failed) {
    const kept = stack.status.startsWith('UPDATE') ? 'it keeps running as it was' : stack.status.startsWith('DELETE') ? 'it keeps running' : 'it is not running';
    return [`Stack ${stack.stackName} ${stack.status}, ${kept}: ${stack.reason ?? 'no reason given'}`];
  }
  if (stack.status === 'NO_CHANGES') return [`Stack ${stack.stackName}: no changes`];
  const lines = [`Stack ${stack.stackName} ${stack.status}`];
  for (const { change, path, room, previous } of stack.rooms) {
    const what = change === 'deleted' ? 'its clients are disconnected'
      : change === 'created' ? roomSettings(room)
        : differences(previous!, room) || 'no setting changed';
    lines.push(`  room ${room.name} ${change}  ${room.arn}  (${path}) ${what}`);
  }
  for (const issuer of stack.issuersAdded) lines.push(`  token issuer ${issuer.path} added  POST ${issuer.url}`);
  for (const issuer of stack.issuersRemoved) lines.push(`  token issuer ${issuer} removed`);
  return lines;
}

/** `maximumMessageLength 500 (was 200), tags team=core, tier=gold (were team=live)`. */
function differences(before: EmulatorRoom, after: EmulatorRoom): string {
  const out: string[] = [];
  const compare = (name: string, was: unknown, now: unknown) => {
    if (JSON.stringify(was) !== JSON.stringify(now)) out.push(`${name} ${show(now)} (was ${show(was)})`);
  };
  compare('name', before.name, after.name);
  compare('maximumMessageLength', before.maximumMessageLength, after.maximumMessageLength);
  compare('maximumMessageRatePerSecond', before.maximumMessageRatePerSecond, after.maximumMessageRatePerSecond);
  compare('review handler', before.messageReviewHandler, after.messageReviewHandler);
  compare('logging', before.loggingConfigurationIdentifiers, after.loggingConfigurationIdentifiers);
  if (JSON.stringify(sorted(before.tags)) !== JSON.stringify(sorted(after.tags))) out.push(`tags ${tags(after.tags)} (were ${tags(before.tags)})`);
  return out.join(', ');
}

function show(value: unknown): string {
  if (value === undefined) return 'none';
  if (typeof value === 'object' && value !== null && 'uri' in value) {
    const handler = value as { uri: string; fallbackResult?: string };
    return `${handler.uri.split(':').pop()} fallback ${handler.fallbackResult}`;
  }
  return Array.isArray(value) ? (value.length === 0 ? 'none' : value.join(' ')) : String(value);
}

function sorted(record: Record<string, string>): [string, string][] {
  return Object.entries(record).sort(([a], [b]) => a.localeCompare(b));
}

function tags(record: Record<string, string>): string {
  const entries = sorted(record);
  return entries.length === 0 ? 'none' : entries.map(([k, v]) => `${k}=${v}`).join(', ');
}
