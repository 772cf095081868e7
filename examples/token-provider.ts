import type { ChatToken } from 'amazon-ivs-chat-messaging';

/**
 * Fetches a chat token from the token issuer for `amazon-ivs-chat-messaging`'s
 * `tokenProvider`. On 429 it waits the `Retry-After` seconds plus up to one
 * second of jitter; on a 5xx or a network error it backs off with full jitter
 * (up to 1 s, doubling to 30 s); any other answer fails at once. It gives up
 * once it has waited `maxWaitMs` in all.
 */
export async function fetchChatToken(url: string, init: RequestInit, maxWaitMs = 300_000): Promise<ChatToken> {
  let waited = 0;
  for (let failures = 0; ; failures++) {
    const response = await fetch(url, init).catch(() => undefined);
    if (response?.ok) {
      const { token, sessionExpirationTime, tokenExpirationTime } = await response.json() as Record<string, string>;
      return { token, sessionExpirationTime: new Date(sessionExpirationTime), tokenExpirationTime: new Date(tokenExpirationTime) };
    }
    if (response && response.status !== 429 && response.status < 500) {
      throw new Error(`chat token: ${response.status} ${await response.text()}`);
    }
    const retryAfter = Number(response?.headers.get('retry-after') ?? NaN);
    const wait = response?.status === 429 && retryAfter >= 0
      ? retryAfter * 1000 + Math.random() * 1000
      : Math.random() * Math.min(30_000, 1000 * 2 ** failures);
    if (waited + wait > maxWaitMs) {
      throw new Error(`chat token: still ${response?.status ?? 'unreachable'} after ${Math.round(waited / 1000)} s`);
    }
    await new Promise((resolve) => setTimeout(resolve, wait));
    waited += wait;
  }
}
