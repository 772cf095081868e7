/**
 * Shared setup for the emulator's own tests: a real SDK client pointed at the emulator.
 */
import { IvschatClient, IvschatServiceException } from '@aws-sdk/client-ivschat';
import { IvsChatEmulator } from '../../local/src/emulator/types';

export const CREDENTIALS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };

export function clientFor(emulator: IvsChatEmulator, maxAttempts = 1): IvschatClient {
  return new IvschatClient({ endpoint: emulator.endpoint, region: emulator.region, credentials: CREDENTIALS, maxAttempts });
}

/** Awaits a call expected to fail and returns the error, checked against the SDK's exception class. */
export async function failure<E extends IvschatServiceException>(
  call: Promise<unknown>,
  type: abstract new (...args: never[]) => E,
): Promise<E> {
  try {
    await call;
  } catch (err) {
    if (err instanceof type) return err;
    throw new Error(`expected ${type.name}, got ${String(err)}`);
  }
  throw new Error(`expected ${type.name}, but the call succeeded`);
}

/** Any error: for calls that fail below the SDK's exception classes (dropped sockets). */
export async function anyFailure(call: Promise<unknown>): Promise<Error> {
  try {
    await call;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected the call to fail');
}

export function lambdaArn(emulator: IvsChatEmulator, name = 'review'): string {
  return `arn:${emulator.partition}:lambda:${emulator.region}:${emulator.accountId}:function:${name}`;
}
