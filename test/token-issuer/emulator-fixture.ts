import { IvschatClient } from '@aws-sdk/client-ivschat';
import { IvsChatEmulator, pointSdkAt, startEmulator } from '../../local/src/emulator';

/** What `useEmulator` gives a test file, set once its `beforeAll` has run. */
export interface EmulatorFixture {
  emu: IvsChatEmulator;
  /** A client of the emulator for setting rooms up, one attempt per call. */
  admin: IvschatClient;
}

/**
 * For the life of a test file: the emulator with its quotas off, the SDK's
 * environment pointed at it, and an admin client; before each test the
 * emulator is reset (no rooms, quotas off, no faults, verified).
 */
export function useEmulator(): EmulatorFixture {
  const fixture = {} as EmulatorFixture;
  beforeAll(async () => {
    fixture.emu = await startEmulator({ rateLimits: false });
    pointSdkAt(fixture.emu);
    fixture.admin = new IvschatClient({ region: fixture.emu.region, endpoint: fixture.emu.endpoint, maxAttempts: 1 });
  });
  afterAll(async () => {
    fixture.admin.destroy();
    await fixture.emu.stop();
  });
  beforeEach(() => {
    fixture.emu.reset();
    fixture.emu.setRateLimits(false);
    fixture.emu.setFaults(undefined);
    fixture.emu.setPendingVerification(false);
  });
  return fixture;
}
