import { CreateChatTokenCommand, IvschatClient } from '@aws-sdk/client-ivschat';
import type { CreateChatTokenInput, CreateChatTokenOutput } from '../../lambda/token-issuer/client';

const clients = new Map<string, IvschatClient>();

/**
 * The issuer's CreateChatToken call made with `@aws-sdk/client-ivschat`, as the
 * issuer made it before it got its own signed client: one client per region,
 * one attempt per call, standard endpoint and credential resolution. Unit tests
 * put it in place of `lambda/token-issuer/client` (so that `aws-sdk-client-mock`
 * sees the calls), and the cold-start benchmark bundles it to compare.
 */
export async function createChatToken(input: CreateChatTokenInput, region: string): Promise<CreateChatTokenOutput> {
  // Keyed by endpoint too: tests move AWS_ENDPOINT_URL_IVSCHAT between servers.
  const key = `${region} ${process.env.AWS_ENDPOINT_URL_IVSCHAT ?? ''}`;
  let client = clients.get(key);
  if (!client) {
    client = new IvschatClient({ region: region || undefined, maxAttempts: 1, requestHandler: { connectionTimeout: 1_000, requestTimeout: 2_000 } });
    clients.set(key, client);
  }
  const { token, tokenExpirationTime, sessionExpirationTime } = await client.send(
    new CreateChatTokenCommand({ ...input, capabilities: input.capabilities && [...input.capabilities] }));
  return { token, tokenExpirationTime, sessionExpirationTime };
}
