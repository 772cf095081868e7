import { handler, HttpResponse } from '../../lambda/token-issuer';
import type { TokenIssuerEvent } from '../../lambda/token-issuer';

/** Status and message for HTTP events and direct invocations alike. */
export async function attempt(event: TokenIssuerEvent): Promise<{ status: number; message?: string }> {
  try {
    const response = await handler(event);
    if ('statusCode' in response) {
      const r = response as HttpResponse;
      return { status: r.statusCode, message: r.body ? JSON.parse(r.body).message : undefined };
    }
    return { status: 200 };
  } catch (error) {
    // Direct invocations are refused with an IssuerError carrying the status.
    return { status: (error as { statusCode: number }).statusCode, message: (error as Error).message };
  }
}
