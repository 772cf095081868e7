/**
 * The local server's web page: rooms, the users connected to each, messages and events as they
 * flow, and every review decision with what decided it and how long it took. One HTML page that
 * polls a JSON view of the emulator's records; nothing on it is written as HTML from data (every
 * value goes through `textContent`), so a message cannot inject markup into the page.
 */
import type { IncomingMessage, ServerResponse } from 'http';
import type { EmulatorMount, IvsChatEmulator } from './emulator';

/** What the page says about one deployed stack, besides its rooms (which come from the emulator). */
export interface PageStack {
  readonly name: string;
  /** The token issuers served locally: their construct path and the URL to POST to. */
  readonly issuers: ReadonlyArray<{ readonly path: string; readonly url: string }>;
}

/** Where the page takes what it shows. */
export interface PageSource {
  readonly emulator: IvsChatEmulator;
  /** The deployed stacks, read at each request (a re-synth may change them). */
  readonly stacks: () => readonly PageStack[];
}

/** How many of the most recent messages, events and reviews the state carries. */
export const PAGE_HISTORY = 200;

/** The page's JSON view: what `api/state` answers. */
export interface PageState {
  readonly controlPlaneEndpoint: string;
  readonly messagingEndpoint: string;
  readonly stacks: readonly PageStack[];
  readonly rooms: ReadonlyArray<{
    readonly name: string;
    readonly arn: string;
    readonly maximumMessageLength: number;
    readonly maximumMessageRatePerSecond: number;
    readonly reviewHandler?: string;
    readonly fallbackResult?: string;
    readonly connected: ReadonlyArray<{ readonly userId: string; readonly capabilities: readonly string[] }>;
  }>;
  /** Messages, events and refused connections, oldest first. */
  readonly activity: ReadonlyArray<{
    readonly time: string;
    readonly kind: 'message' | 'event' | 'refused';
    readonly room: string;
    readonly user: string;
    readonly text: string;
  }>;
  readonly reviews: ReadonlyArray<{
    readonly messageId: string;
    /** What the handler was given. */
    readonly content: string;
    readonly room: string;
    readonly user: string;
    readonly result: 'ALLOW' | 'DENY';
    /** What decided: the handler (and the reason it gave a DENY), or the room's fallback and why. */
    readonly reason: string;
    /** The attributes the handler answered with (a reviewer's reason attribute among them). */
    readonly attributes: string;
    readonly durationMs: number;
  }>;
}

/** The state the page shows, read from the emulator now. */
export function pageState(source: PageSource): PageState {
  const emulator = source.emulator;
  const rooms = emulator.rooms().sort((a, b) => (a.name || a.id).localeCompare(b.name || b.id));
  const roomName = new Map(rooms.map((r) => [r.arn, r.name || r.id]));
  const nameOf = (arn: string | undefined) => (arn && roomName.get(arn)) ?? arn ?? '';
  const open = emulator.sessions().filter((s) => s.state === 'OPEN');

  const activity: Array<PageState['activity'][number]> = [
    // The most recent PAGE_HISTORY of each kind hold the most recent PAGE_HISTORY of all.
    ...emulator.messages(PAGE_HISTORY).map((m) => ({
      time: m.sendTime, kind: 'message' as const, room: nameOf(m.roomArn), user: m.userId, text: m.content,
    })),
    ...emulator.events(PAGE_HISTORY).map((e) => ({
      time: e.sendTime,
      kind: 'event' as const,
      room: nameOf(e.roomArn),
      user: e.userId ?? '',
      text: [e.eventName, ...Object.entries(e.attributes).map(([k, v]) => `${k}=${v}`)].join(' '),
    })),
    ...emulator.refusedConnections(PAGE_HISTORY).map((r) => ({
      time: r.time, kind: 'refused' as const, room: nameOf(r.roomArn), user: r.userId ?? '', text: `${r.status} ${r.message}`,
    })),
  ];
  activity.sort((a, b) => a.time.localeCompare(b.time));

  return {
    controlPlaneEndpoint: emulator.endpoint,
    messagingEndpoint: emulator.messagingEndpoint,
    stacks: source.stacks(),
    rooms: rooms.map((r) => ({
      name: r.name || r.id,
      arn: r.arn,
      maximumMessageLength: r.maximumMessageLength,
      maximumMessageRatePerSecond: r.maximumMessageRatePerSecond,
      reviewHandler: r.messageReviewHandler?.uri,
      fallbackResult: r.messageReviewHandler?.fallbackResult,
      connected: open.filter((s) => s.roomArn === r.arn).map((s) => ({ userId: s.userId, capabilities: s.capabilities })),
    })),
    activity: activity.slice(-PAGE_HISTORY),
    reviews: emulator.reviews(PAGE_HISTORY).map((r) => ({
      messageId: r.messageId,
      content: r.content,
      room: nameOf(r.roomArn),
      user: r.userId,
      result: r.result,
      reason: r.decidedBy === 'handler'
        ? `the handler${r.reason ? `: ${r.reason}` : ' decided'}`
        : `the room's fallback: ${r.fallbackReason ?? 'no answer'}${r.detail ? ` (${r.detail})` : ''}`,
      attributes: Object.entries(r.attributes ?? {}).map(([k, v]) => `${k}=${v}`).join(' '),
      durationMs: r.durationMs,
    })),
  };
}

/** Where the page is, on the local server's port. */
export const PAGE_PATH = '/local/';

/**
 * The page, mounted on the emulator's port: {@link PAGE_PATH} is the page, `api/state` below it
 * its JSON; anything else below it is 404. `source` is read at each request.
 */
export function pageMount(source: () => PageSource): EmulatorMount {
  return { pathPrefix: PAGE_PATH, handler: (req, res) => servePage(source(), req, res) };
}

function servePage(source: PageSource, req: IncomingMessage, res: ServerResponse): void {
  const path = (req.url ?? '/').split('?')[0];
  if (req.method !== 'GET' || (path !== PAGE_PATH && path !== `${PAGE_PATH}api/state`)) {
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end(`Not found: the page is at ${PAGE_PATH}\n`);
    return;
  }
  const headers = {
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'content-security-policy': "default-src 'none'; script-src 'self' 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'",
  };
  if (path !== PAGE_PATH) {
    res.writeHead(200, { ...headers, 'content-type': 'application/json' });
    res.end(JSON.stringify(pageState(source)));
  } else {
    res.writeHead(200, { ...headers, 'content-type': 'text/html; charset=utf-8' });
    res.end(PAGE_HTML);
  }
}

const PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>IVS Chat, local</title>
<style>
  body { font: 14px system-ui, sans-serif; margin: 1.5rem; color: #222; }
  h1 { font-size: 1.3rem; } h2 { font-size: 1.05rem; margin-top: 1.5rem; }
  table { border-collapse: collapse; width: 100%; }
  th, td { text-align: left; padding: .25rem .5rem; border-bottom: 1px solid #ddd; vertical-align: top; }
  th { background: #f4f4f4; }
  code { font-size: 12px; }
  .DENY { color: #b00020; font-weight: 600; } .ALLOW { color: #1b5e20; }
  .muted { color: #777; }
</style>
</head>
<body>
<h1>IVS Chat, local</h1>
<p>Control plane (<code>AWS_ENDPOINT_URL_IVSCHAT</code>): <code id="control-plane"></code>
 · chat clients' <code>regionOrUrl</code>: <code id="messaging"></code></p>
<div id="issuers"></div>
<h2>Rooms</h2>
<table id="rooms"><thead><tr><th>Room</th><th>ARN</th><th>Settings</th><th>Review handler</th><th>Connected</th></tr></thead><tbody></tbody></table>
<h2>Messages and events</h2>
<table id="activity"><thead><tr><th>Time</th><th>Kind</th><th>Room</th><th>User</th><th>Content</th></tr></thead><tbody></tbody></table>
<h2>Review decisions</h2>
<table id="reviews"><thead><tr><th>Message</th><th>Content</th><th>Room</th><th>User</th><th>Result</th><th>Why</th><th>Handler's attributes</th><th>ms</th></tr></thead><tbody></tbody></table>
<p class="muted" id="status">Loading…</p>
<script>
  function cell(text, className) {
    const td = document.createElement('td');
    td.textContent = text;
    if (className) td.className = className;
    return td;
  }
  function fill(id, rows) {
    const body = document.querySelector('#' + id + ' tbody');
    body.replaceChildren(...rows.map((cells) => {
      const tr = document.createElement('tr');
      tr.append(...cells);
      return tr;
    }));
  }
  async function refresh() {
    try {
      const response = await fetch('api/state', { cache: 'no-store' });
      const state = await response.json();
      document.getElementById('control-plane').textContent = state.controlPlaneEndpoint;
      document.getElementById('messaging').textContent = state.messagingEndpoint;
      const issuers = document.getElementById('issuers');
      issuers.replaceChildren(...state.stacks.flatMap((stack) => stack.issuers.map((issuer) => {
        const p = document.createElement('p');
        p.textContent = stack.name + ': token issuer ' + issuer.path + ' at ' + issuer.url;
        return p;
      })));
      fill('rooms', state.rooms.map((r) => [
        cell(r.name), cell(r.arn), cell(r.maximumMessageLength + ' chars, ' + r.maximumMessageRatePerSecond + ' msg/s'),
        cell(r.reviewHandler ? r.reviewHandler + ' (fallback ' + r.fallbackResult + ')' : 'none'),
        cell(r.connected.map((c) => c.userId + (c.capabilities.length ? ' [' + c.capabilities.join(', ') + ']' : '')).join('; ') || 'nobody'),
      ]));
      fill('activity', state.activity.slice().reverse().map((a) => [
        cell(a.time), cell(a.kind), cell(a.room), cell(a.user), cell(a.text),
      ]));
      fill('reviews', state.reviews.slice().reverse().map((r) => [
        cell(r.messageId), cell(r.content), cell(r.room), cell(r.user), cell(r.result, r.result), cell(r.reason), cell(r.attributes), cell(String(Math.round(r.durationMs))),
      ]));
      document.getElementById('status').textContent = 'Updated ' + new Date().toLocaleTimeString();
    } catch (err) {
      document.getElementById('status').textContent = 'The local server does not answer: ' + err;
    }
  }
  refresh();
  setInterval(refresh, 500);
</script>
</body>
</html>
`;
