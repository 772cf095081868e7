/**
 * Requests to the offline Lambda front as an AWS SDK or a browser would send them, for tests.
 */
import { request as httpRequest } from 'http';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import type { RoleCredentials } from '../../local/src/harness';

/**
 * A SigV4-signed HTTP request, as an AWS SDK or a browser with Cognito credentials would send
 * it (service `lambda`). Without credentials, an unsigned one.
 */
export async function signedFetch(
  url: string, options: { method?: string; body?: string; headers?: Record<string, string>; credentials?: RoleCredentials; region?: string } = {},
): Promise<{ status: number; body: string; headers: Record<string, string> }> {
  const target = new URL(url);
  let headers: Record<string, string> = { 'content-type': 'application/json', ...options.headers, 'host': target.host };
  if (options.credentials) {
    const signer = new SignatureV4({ service: 'lambda', region: options.region ?? 'us-east-1', credentials: options.credentials, sha256: Sha256 });
    const signed = await signer.sign({
      method: options.method ?? 'POST',
      protocol: target.protocol,
      hostname: target.hostname,
      port: Number(target.port),
      path: target.pathname,
      query: Object.fromEntries(target.searchParams),
      headers,
      body: options.body,
    });
    headers = signed.headers as Record<string, string>;
  }
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { method: options.method ?? 'POST', headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (c: Buffer) => chunks.push(c));
      response.on('end', () => resolve({
        status: response.statusCode ?? 0,
        body: Buffer.concat(chunks).toString('utf8'),
        headers: Object.fromEntries(Object.entries(response.headers).map(([k, v]) => [k, String(v)])),
      }));
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(options.body);
  });
}
