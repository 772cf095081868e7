import type { IvsChatEmulator } from './types';

/**
 * Points SDK clients that find their endpoint the standard way, as the
 * bundled handlers do, at the emulator: `AWS_ENDPOINT_URL_IVSCHAT`, its region,
 * and static credentials (the emulator checks that requests are signed, not by whom).
 */
export function pointSdkAt(emulator: IvsChatEmulator, env: NodeJS.ProcessEnv = process.env): void {
  Object.assign(env, {
    AWS_ENDPOINT_URL_IVSCHAT: emulator.endpoint,
    AWS_REGION: emulator.region,
    AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'secret',
    AWS_EC2_METADATA_DISABLED: 'true',
  });
}
